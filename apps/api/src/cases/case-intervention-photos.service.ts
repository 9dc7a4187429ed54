import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InterventionPhoto } from '@baoxue/contracts';
import {
  CaseState,
  INTERVENTION_PHOTO_LIMIT,
  isOpenState,
  isPhotoContentType,
  sniffPhotoType,
} from '@baoxue/domain';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, DomainError, invalid, notFound } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { CaseInterventionPhoto } from './case-intervention-photo.entity';
import { CaseIntervention } from './case-intervention.entity';
import { toInterventionPhoto } from './case-interventions.service';
import { CasesService } from './cases.service';

/** A photo upload as it arrived: the declared type and the raw body Fastify parsed. */
export interface PhotoUpload {
  contentType: string | undefined;
  body: unknown;
}

const unsupportedType = () =>
  new DomainError(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'validation',
    'photo must be image/jpeg, image/png or image/webp',
    [{ field: 'photo', rule: 'imageType', message: 'photo must be image/jpeg, image/png or image/webp' }],
  );

/**
 * Photos taken at an intervention: uploaded one by one as raw bodies, idempotent by the
 * client's id (village officials on weak networks resend), read within the case's scope.
 */
@Injectable()
export class CaseInterventionPhotosService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores a photo. `created` is false when the client id was already stored on this
   * intervention: the stored photo is returned and nothing changes.
   */
  async upload(
    user: AuthUser,
    caseId: string,
    interventionId: string,
    clientId: string,
    upload: PhotoUpload,
    actor: AuditActor,
  ): Promise<{ created: boolean; photo: InterventionPhoto }> {
    const bytes = this.checkUpload(upload);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.cases.getInScope(user.scope, caseId, manager);
      // The case stays in its state (open) until the photo is stored.
      const [{ state }] = (await manager.query('SELECT state FROM cases WHERE id = $1 FOR SHARE', [
        caseId,
      ])) as {
        state: CaseState;
      }[];
      // Serialises the photos of one intervention: the limit and a concurrent resend hold.
      const [intervention] = (await manager.query(
        'SELECT id FROM case_interventions WHERE id = $1 AND case_id = $2 FOR UPDATE',
        [interventionId, caseId],
      )) as { id: string }[];
      if (!intervention) throw notFound('intervention');

      const existing = await manager.findOne(CaseInterventionPhoto, { where: { interventionId, clientId } });
      if (existing) return { created: false, photo: toInterventionPhoto(existing) };
      if (!isOpenState(state))
        throw conflict('case.not_open', 'the case is not open: photos cannot be added');
      const stored = await manager.count(CaseInterventionPhoto, { where: { interventionId } });
      if (stored >= INTERVENTION_PHOTO_LIMIT)
        throw conflict(
          'intervention.photo_limit',
          `an intervention carries at most ${INTERVENTION_PHOTO_LIMIT} photos`,
        );

      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const contentType = sniffPhotoType(bytes);
      const [{ id }] = (await manager.query(
        `INSERT INTO case_intervention_photos (intervention_id, client_id, content_type, bytes, size, sha256,
           uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [interventionId, clientId, contentType, bytes, bytes.length, sha256, actor.userId, this.clock.now()],
      )) as { id: string }[];
      await this.audit.record(manager, actor, {
        action: 'case.photo_upload',
        entityType: 'case',
        entityId: caseId,
        regionPath: current.regionPath,
        details: { interventionId, photoId: id, clientId, contentType, size: bytes.length, sha256 },
      });
      const saved = await manager.findOneOrFail(CaseInterventionPhoto, { where: { id } });
      return { created: true, photo: toInterventionPhoto(saved) };
    });
  }

  /** A photo's bytes, within the case's scope (404 outside); the look is audited (case.photo_read). */
  async read(
    user: AuthUser,
    caseId: string,
    interventionId: string,
    photoId: string,
    actor: AuditActor,
  ): Promise<{ contentType: string; bytes: Buffer }> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.cases.getInScope(user.scope, caseId, manager);
      const photo = await this.photoOf(manager, caseId, interventionId, photoId);
      await this.audit.record(manager, actor, {
        action: 'case.photo_read',
        entityType: 'case',
        entityId: caseId,
        regionPath: current.regionPath,
        details: { interventionId, photoId },
      });
      return { contentType: photo.contentType, bytes: photo.bytes };
    });
  }

  private async photoOf(
    manager: EntityManager,
    caseId: string,
    interventionId: string,
    photoId: string,
  ): Promise<CaseInterventionPhoto> {
    const photo = await manager
      .createQueryBuilder(CaseInterventionPhoto, 'p')
      .addSelect('p.bytes')
      .innerJoin(CaseIntervention, 'i', 'i.id = p.intervention_id')
      .where('p.id = :photoId AND p.intervention_id = :interventionId AND i.case_id = :caseId', {
        photoId,
        interventionId,
        caseId,
      })
      .getOne();
    if (!photo) throw notFound('photo');
    return photo;
  }

  /** The declared type must be one we take, and the bytes must be what it says. */
  private checkUpload(upload: PhotoUpload): Buffer {
    const declared = (upload.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!isPhotoContentType(declared) || !Buffer.isBuffer(upload.body)) throw unsupportedType();
    const bytes = upload.body;
    if (bytes.length > this.config.PHOTO_MAX_BYTES)
      throw new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'validation', 'photo is too large', [
        {
          field: 'photo',
          rule: 'maxSize',
          message: `photo must be at most ${this.config.PHOTO_MAX_BYTES} bytes`,
        },
      ]);
    if (sniffPhotoType(bytes) !== declared)
      throw invalid('photo', 'contentMatchesType', `photo content is not ${declared}`);
    return bytes;
  }
}
