import { NodeStatus } from '@baoxue/contracts';
import { Scope } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { ResolvedNode } from './resolved-node';

/** The dashboard's figures for a node and its children, now or as of the end of a past China day. */
@Injectable()
export class FiguresService {
  async status(_scope: Scope, _node: ResolvedNode, _asOf?: string | null): Promise<NodeStatus> {
    throw new Error('FiguresService.status is being built');
  }
}
