import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';

/** Bytes per stored chunk: large enough for few round trips, small enough to hold one in memory. */
export const REGISTER_FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * An uploaded register file, kept in PostgreSQL in 1 MB chunks until its import ends: any
 * worker can read it, a resumed run reads it again, and no shared disk is assumed. Reading
 * fetches one chunk at a time, so memory stays flat whatever the file's size.
 */
@Injectable()
export class RegisterFileStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a stream's bytes under the import; returns the size in bytes. */
  async save(manager: EntityManager, importId: string, input: AsyncIterable<Buffer>): Promise<number> {
    let seq = 0;
    let size = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await manager.query('INSERT INTO register_import_files (import_id, seq, data) VALUES ($1, $2, $3)', [
        importId,
        seq++,
        Buffer.concat(pending, pendingBytes),
      ]);
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of input) {
      let offset = 0;
      while (offset < chunk.length) {
        const take = Math.min(chunk.length - offset, REGISTER_FILE_CHUNK_BYTES - pendingBytes);
        pending.push(chunk.subarray(offset, offset + take));
        pendingBytes += take;
        offset += take;
        size += take;
        if (pendingBytes === REGISTER_FILE_CHUNK_BYTES) await flush();
      }
    }
    await flush();
    return size;
  }

  /** A fresh stream of the stored bytes, in order. */
  open(importId: string): Readable {
    const dataSource = this.dataSource;
    return Readable.from(
      (async function* () {
        for (let seq = 0; ; seq++) {
          const rows: { data: Buffer }[] = await dataSource.query(
            'SELECT data FROM register_import_files WHERE import_id = $1 AND seq = $2',
            [importId, seq],
          );
          if (rows.length === 0) return;
          yield rows[0].data;
        }
      })(),
      { objectMode: false },
    );
  }

  /** Drops the bytes (the import has ended, or was discarded). */
  async remove(manager: EntityManager, importId: string): Promise<void> {
    await manager.query('DELETE FROM register_import_files WHERE import_id = $1', [importId]);
  }
}
