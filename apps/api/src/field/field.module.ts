import { Module } from '@nestjs/common';
import { FieldCardsService } from './field-cards.service';
import { FieldController } from './field.controller';

/** The village official's field app (乡村找): case cards for visits, kept on the phone. */
@Module({
  controllers: [FieldController],
  providers: [FieldCardsService],
})
export class FieldModule {}
