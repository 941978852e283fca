import type { ScanEntryDoc, ScanHeadDoc, ScanLogModels } from '../../models/scan-log';
import { entryId, GENESIS_HASH, scanEntryHash } from './scan-log';

export interface ScanLogBreak {
  /** The `_id` of the first entry (or chain head) that does not hold. */
  id: string;
  reason: string;
}

export interface ScanLogReport {
  chains: number;
  entries: number;
  broken: ScanLogBreak | null;
}

/**
 * Walks every chain of the scan log from its first entry: places numbered 1, 2, 3 … without a
 * gap, each `prevHash` the hash of the entry before and each `hash` recomputed from the entry.
 * The head hints catch a chain whose newest entries were deleted. Stops at the first break.
 */
export async function checkScanLog(models: ScanLogModels): Promise<ScanLogReport> {
  const report: ScanLogReport = { chains: 0, entries: 0, broken: null };
  const ends = new Map<string, { seq: number; hash: string }>();
  let chain = '';
  let prev = { seq: 0, hash: GENESIS_HASH };
  const cursor = models.Entry.find().sort({ chainId: 1, seq: 1 }).lean<ScanEntryDoc[]>().cursor();
  for await (const raw of cursor) {
    const entry = raw as ScanEntryDoc;
    if (entry.chainId !== chain) {
      if (chain) ends.set(chain, prev);
      chain = entry.chainId;
      prev = { seq: 0, hash: GENESIS_HASH };
      report.chains += 1;
    }
    report.entries += 1;
    const problem = entryProblem(entry, prev);
    if (problem) {
      report.broken = { id: entry._id, reason: problem };
      await cursor.close();
      return report;
    }
    prev = { seq: entry.seq, hash: entry.hash };
  }
  if (chain) ends.set(chain, prev);

  for (const head of await models.Head.find().lean<ScanHeadDoc[]>().exec()) {
    const end = ends.get(head._id) ?? { seq: 0, hash: GENESIS_HASH };
    if (head.seq > end.seq) {
      report.broken = {
        id: entryId(head._id, end.seq + 1),
        reason: `missing: the chain ends at ${end.seq} but reached ${head.seq}`,
      };
      return report;
    }
  }
  return report;
}

function entryProblem(entry: ScanEntryDoc, prev: { seq: number; hash: string }): string | null {
  if (entry.seq !== prev.seq + 1)
    return prev.seq + 1 < entry.seq
      ? `entries ${prev.seq + 1}–${entry.seq - 1} are missing`
      : `place ${entry.seq} after ${prev.seq}`;
  if (entry._id !== entryId(entry.chainId, entry.seq)) return 'its id does not match its chain and place';
  if (entry.prevHash !== prev.hash) return 'prevHash is not the hash of the entry before';
  if (scanEntryHash(entry.prevHash, { ...entry, at: new Date(entry.at) }) !== entry.hash)
    return 'its content does not match its hash';
  return null;
}
