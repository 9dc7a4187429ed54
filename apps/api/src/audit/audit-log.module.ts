import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditLogService } from './audit-log.service';

/** Reading the audit log over HTTP (writing it is AuditModule's, available everywhere). */
@Module({ controllers: [AuditController], providers: [AuditLogService] })
export class AuditLogModule {}
