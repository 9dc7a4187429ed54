import { ApiProperty } from '@nestjs/swagger';
import {
  AcceptTransferRequest,
  CaseTransfer,
  DeclineTransferRequest,
  IncomingTransfer,
  IncomingTransferQuery,
  OfferTransferRequest,
  Page,
  RegionRef,
  TransferTargetQuery,
} from '@baoxue/contracts';
import { REGION_KINDS, RegionKind, TRANSFER_STATUSES, TransferStatus } from '@baoxue/domain';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { AcceptReferralDto, HandoverCaseDto, HandoverChildDto } from './case-referral.dto';

export class TransferRegionDto implements RegionRef {
  id!: string;
  code!: string;
  name!: string;
  @ApiProperty({ enum: REGION_KINDS, enumName: 'RegionKind' })
  kind!: RegionKind;
}

export class CaseTransferDto implements CaseTransfer {
  id!: string;
  caseId!: string;
  fromRegion!: TransferRegionDto;
  toRegion!: TransferRegionDto;
  @ApiProperty({ enum: TRANSFER_STATUSES, enumName: 'TransferStatus' })
  status!: TransferStatus;
  reason!: string;
  offeredByName!: string | null;
  offeredAt!: string;
  decidedByName!: string | null;
  decidedAt!: string | null;
  declineReason!: string | null;
  /** Optimistic-lock version: send it back with accept or decline. */
  version!: number;
}

export class IncomingTransferDto extends CaseTransferDto implements IncomingTransfer {
  child!: HandoverChildDto;
  case!: HandoverCaseDto;
}

export class IncomingTransferPageDto implements Page<IncomingTransfer> {
  items!: IncomingTransferDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class IncomingTransferQueryDto extends PageQueryDto implements IncomingTransferQuery {
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  @ApiProperty({ enum: TRANSFER_STATUSES, enumName: 'TransferStatus', required: false })
  status?: TransferStatus;
}

export class TransferTargetQueryDto implements TransferTargetQuery {
  /** Part of the region's name. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

/** Types and lengths here; required fields are the domain's TRANSFER_ACTIONS rules. */
export class OfferTransferDto implements OfferTransferRequest {
  /** A county or zone other than the case's. */
  @IsUUID()
  toRegionId!: string;

  @IsString()
  @MaxLength(2000)
  reason!: string;
}

export class AcceptTransferDto extends AcceptReferralDto implements AcceptTransferRequest {}

export class DeclineTransferDto extends AcceptReferralDto implements DeclineTransferRequest {
  @IsString()
  @MaxLength(2000)
  reason!: string;
}
