import { EntityManager } from 'typeorm';

/**
 * Recomputes every figure count from the raw rows in one set-based pass: after a bulk load
 * (the dataset generator, an import) and as a repair tool.
 */
export async function rebuildFigureCounts(_db: EntityManager): Promise<void> {
  throw new Error('rebuildFigureCounts is being built');
}
