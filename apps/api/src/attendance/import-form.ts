import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { invalid } from '../common/domain-error';

/** The largest attendance file accepted (a term of a whole school as .xlsx stays well below). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Limits of every multipart/form-data body (only the attendance import takes one): one file up
 * to IMPORT_MAX_BYTES and a few short fields. Going past one is a 413 from @fastify/multipart.
 */
export const MULTIPART_OPTIONS: FastifyMultipartBaseOptions = {
  limits: {
    fileSize: IMPORT_MAX_BYTES,
    files: 1,
    fields: 5,
    parts: 6,
    fieldNameSize: 100,
    fieldSize: 1024,
    headerPairs: 20,
  },
  throwFileSizeLimit: true,
};

/** The import form as sent: text fields (a truncated one is kept as undefined) and the files. */
interface ImportFormParts {
  fields: Record<string, string | undefined>;
  files: Record<string, Buffer>;
}

export interface ImportForm {
  schoolId?: string;
  dryRun: boolean;
  file: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notMultipart = () =>
  invalid('file', 'isMultipart', 'send the file as multipart/form-data in the field "file"');

/**
 * Reads the whole form once the route's guards have passed (nothing is buffered for a caller
 * who may not import). The library's limit errors carry their status (413); a body busboy
 * cannot parse is a 400 rather than a 500.
 */
async function readParts(request: FastifyRequest): Promise<ImportFormParts> {
  if (!request.isMultipart()) throw notMultipart();
  const form: ImportFormParts = { fields: {}, files: {} };
  try {
    for await (const part of request.parts()) {
      // Every part is read to its end, so the request body is always consumed.
      if (part.type === 'file') form.files[part.fieldname] = await part.toBuffer();
      else form.fields[part.fieldname] = part.valueTruncated ? undefined : String(part.value);
    }
  } catch (error) {
    if (typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
    throw notMultipart();
  }
  return form;
}

/** The form's fields, checked as the validation pipe would (it cannot see into a multipart body). */
export async function readImportForm(request: FastifyRequest): Promise<ImportForm> {
  const { fields, files } = await readParts(request);
  const has = (name: string) => Object.prototype.hasOwnProperty.call(fields, name);
  const { schoolId, dryRun } = fields;
  if (has('schoolId') && (schoolId === undefined || !UUID.test(schoolId)))
    throw invalid('schoolId', 'isUuid', 'schoolId must be a UUID');
  if (has('dryRun') && dryRun !== 'true' && dryRun !== 'false')
    throw invalid('dryRun', 'isBoolean', 'dryRun must be true or false');
  const file = files['file'];
  if (!file) throw invalid('file', 'isNotEmpty', 'file is required');
  return { schoolId: schoolId || undefined, dryRun: dryRun === 'true', file };
}
