/** The export job's data: the row of `ledger_exports` to fill. */
export interface LedgerExportJobData {
  exportId: string;
}

/** How long an export's file is kept. */
export const LEDGER_EXPORT_TTL_MS = 24 * 3600 * 1000;

/** A failed export is tried once more, then reported as failed. */
export const LEDGER_EXPORT_ATTEMPTS = 2;
