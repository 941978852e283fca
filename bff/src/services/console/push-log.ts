import { randomBytes } from 'node:crypto';
import type { PushLogEntry, SlotEventsResponse } from '@jiankang/shared';
import type { Logger } from '../../lib/logger';
import { PUSH_LOG_RETENTION_MS, type PushLogDoc, type PushLogModels } from '../../models/push-log';
import { expiredAt } from '../../models/time-buckets';

const READ_LIMIT = 50;

/** What happened to one push, as SlotEventReceiver reports it. */
export type PushOutcome =
  | { hospitalId: string; at: Date; events: number; counts: SlotEventsResponse }
  | { hospitalId: string; at: Date; events: number; refused: string };

/** The per-hospital log of signed pushes for the console; writing it never fails a push. */
export class PushLog {
  constructor(
    private readonly models: PushLogModels,
    private readonly log: Logger,
  ) {}

  async record(o: PushOutcome): Promise<void> {
    const counts = 'counts' in o ? o.counts : { accepted: 0, duplicates: 0, outdated: 0, unknown: 0 };
    const doc: PushLogDoc = {
      _id: `${o.hospitalId}#${String(o.at.getTime()).padStart(15, '0')}#${randomBytes(6).toString('hex')}`,
      hospitalId: o.hospitalId,
      at: o.at,
      outcome: 'refused' in o ? 'refused' : 'accepted',
      reason: 'refused' in o ? o.refused.slice(0, 300) : null,
      events: o.events,
      ...counts,
      expiresAt: new Date(o.at.getTime() + PUSH_LOG_RETENTION_MS),
    };
    await this.models.PushLog.create(doc).catch((err: Error) =>
      this.log.warn({ hospitalId: o.hospitalId, err: err.message }, 'push log write failed'),
    );
  }

  async latest(hospitalId: string): Promise<PushLogEntry[]> {
    const docs = await this.models.PushLog.find({ hospitalId })
      .sort({ at: -1 })
      .limit(READ_LIMIT)
      .lean<PushLogDoc[]>()
      .exec();
    return docs.map((d) => ({
      at: new Date(d.at).toISOString(),
      outcome: d.outcome,
      reason: d.reason,
      events: d.events,
      accepted: d.accepted,
      duplicates: d.duplicates,
      outdated: d.outdated,
      unknown: d.unknown,
    }));
  }

  async cleanup(now: Date): Promise<void> {
    await this.models.PushLog.deleteMany(expiredAt(now));
  }
}
