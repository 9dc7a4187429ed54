import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { TestFaults } from './test-faults';

@Global()
@Module({ providers: [Clock, TestFaults], exports: [Clock, TestFaults] })
export class CommonModule {}
