import { Module } from '@nestjs/common';
import { IdNumberCipher } from './id-number-cipher';

@Module({ providers: [IdNumberCipher], exports: [IdNumberCipher] })
export class StudentsModule {}
