import { groupedCreate } from '../../lib/group-insert';
import { LRUCache } from 'lru-cache';
import { sm3 } from '../../lib/guomi';
import { KeyedTurns } from '../../lib/keyed-turns';
import { isDuplicateKey } from '../../models/push';
import type { ScanEntryDoc, ScanHeadDoc, ScanLogModels } from '../../models/scan-log';

/**
 * The clinic scan log (docs/health-card.md, "Scan log"): insert-only hash chains. Appending
 * without atomic updates: the next place `<chainId>#<seq>` is taken by unique insert; losing it
 * means someone else appended, so the winner's entry is read and the append moves one on.
 *
 * Knowing where a chain ends is the costly part on FerretDB, where every read scans its
 * collection: this process remembers each chain's end (and appends to one chain one at a time),
 * and a small `scan_heads` hint covers restarts and other replicas. Neither is trusted: the
 * insert is.
 */
export const GENESIS_HASH = '0'.repeat(64);
const CHAIN_ENDS_REMEMBERED = 10_000;
const MAX_WALK = 64;

export const chainOfCard = (cardRef: string) => `card:${cardRef}`;
export const chainOfHospital = (hospitalId: string) => `hospital:${hospitalId}`;
export const entryId = (chainId: string, seq: number) => `${chainId}#${seq}`;

export type ScanFields = Pick<
  ScanEntryDoc,
  'at' | 'hospitalId' | 'terminalId' | 'scene' | 'codeKind' | 'result'
>;

interface ChainEnd {
  seq: number;
  hash: string;
}

/**
 * SM3 over the previous hash and the entry as fixed lines; every field is from a closed set or
 * checked to carry no line break, so two different entries never share a text.
 */
export function scanEntryHash(
  prevHash: string,
  entry: ScanFields & { chainId: string; seq: number },
): string {
  const text = [
    'JK-SCAN-V1',
    prevHash,
    entry.chainId,
    String(entry.seq),
    entry.at.toISOString(),
    entry.hospitalId,
    entry.terminalId,
    entry.scene,
    entry.codeKind,
    entry.result,
  ].join('\n');
  return sm3(text).toString('hex');
}

export class ScanLog {
  private readonly ends = new LRUCache<string, ChainEnd>({ max: CHAIN_ENDS_REMEMBERED });
  private readonly turns = new KeyedTurns();

  constructor(
    private readonly models: ScanLogModels,
    /** A hint that could not be written: the entry is in, so this is worth a warning only. */
    private readonly onHintError: (err: unknown) => void = () => undefined,
  ) {
    this.insert = groupedCreate(models.Entry);
  }

  /** Appends to different chains at once share one write (group commit); each place is still won alone. */
  private readonly insert: (entry: ScanEntryDoc) => Promise<void>;

  append(chainId: string, fields: ScanFields): Promise<ScanEntryDoc> {
    return this.turns.run(chainId, () => this.appendNow(chainId, fields));
  }

  /** The chain's newest entries first (one query: a resident's card page, not a hot path). */
  recent(chainId: string, limit: number): Promise<ScanEntryDoc[]> {
    return this.models.Entry.find({ chainId }).sort({ seq: -1 }).limit(limit).lean<ScanEntryDoc[]>().exec();
  }

  private async appendNow(chainId: string, fields: ScanFields): Promise<ScanEntryDoc> {
    let end = this.ends.get(chainId) ?? (await this.hintedEnd(chainId));
    for (let step = 0; step < MAX_WALK; step += 1) {
      const seq = end.seq + 1;
      const entry: ScanEntryDoc = {
        _id: entryId(chainId, seq),
        chainId,
        seq,
        ...fields,
        prevHash: end.hash,
        hash: scanEntryHash(end.hash, { chainId, seq, ...fields }),
      };
      try {
        await this.insert(entry);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const taken = await this.models.Entry.findById(entry._id, { hash: 1 })
          .lean<{ hash: string }>()
          .exec();
        if (!taken) throw err;
        end = { seq, hash: taken.hash };
        continue;
      }
      this.ends.set(chainId, { seq, hash: entry.hash });
      await this.writeHint(chainId, seq, entry.hash);
      return entry;
    }
    throw new Error(`scan log ${chainId}: still no free place after ${MAX_WALK} entries`);
  }

  private async hintedEnd(chainId: string): Promise<ChainEnd> {
    const hint = await this.models.Head.findById(chainId).lean<ScanHeadDoc>().exec();
    return hint ? { seq: hint.seq, hash: hint.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** Only ever forward: a slower appender's older end matches no document and its upsert is a duplicate. */
  private async writeHint(chainId: string, seq: number, hash: string): Promise<void> {
    try {
      await this.models.Head.updateOne(
        { _id: chainId, seq: { $lt: seq } },
        { $set: { seq, hash } },
        { upsert: true },
      ).exec();
    } catch (err) {
      if (!isDuplicateKey(err)) this.onHintError(err);
    }
  }
}
