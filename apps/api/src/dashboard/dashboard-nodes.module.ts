import { Module } from '@nestjs/common';
import { NodeResolver } from './node-resolver';

/** Resolving a `node` parameter within the caller's scope, shared by the dashboard's modules. */
@Module({ providers: [NodeResolver], exports: [NodeResolver] })
export class DashboardNodesModule {}
