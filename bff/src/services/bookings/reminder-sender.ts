import type { TurnGate } from '../../lib/periodic-job';
import { addDays, beijingDate, beijingTime } from '@jiankang/shared/domain';
import type { Logger } from '../../lib/logger';
import { PeriodicJob } from '../../lib/periodic-job';
import type { BookingDoc, BookingModels, OutboxEntry, SentMessageDoc } from '../../models/bookings';
import { isDuplicateKey } from '../../models/push';
import type { SubscribeMessage, WechatMessaging } from '../../upstreams/wechat/messages';
import { dayOf, daysBetween } from '../../models/time-buckets';

export interface ReminderSenderOptions {
  /** Whether this replica runs the scheduled passes (see Leases); default always. */
  gate?: TurnGate;
  /** How often due entries are looked for; config `booking.reminders.sendIntervalMs`. */
  intervalMs: number;
  templateId: string;
  /** Attempts (retryable failures) before an entry is given up as `failed`; default 5. */
  maxAttempts?: number;
  /** First retry delay, doubled per attempt up to 30 min; default 1 min. */
  backoffMs?: number;
  /** A send claim still `sending` after this was left by a sender that stopped mid-call. */
  staleClaimMs?: number;
  /** Bookings looked at per run; default 500. */
  batch?: number;
  now?: () => Date;
}

export interface SendReport {
  sent: number;
  refused: number;
  failed: number;
  retrying: number;
  skipped: number;
}

type Final = Exclude<SentMessageDoc['outcome'], 'sending'>;

const NOTICE_LOOK_BACK_MS = 7 * 86_400_000;
const REMINDERS = new Set<OutboxEntry['kind']>(['reminder_evening', 'reminder_hour']);
/** A state change under way: a reminder waits for it to land (or be undone) before it is sent. */
const ENDING = ['cancel', 'hospital_cancel'];
/** WeChat's limits per field type: thing ≤ 20 characters, name ≤ 10. */
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const TITLES: Record<OutboxEntry['kind'], string> = {
  reminder_evening: '明日就诊提醒',
  reminder_hour: '即将就诊提醒',
  hospital_cancelled: '医生停诊通知',
};

/**
 * The subscribe message for one outbox entry: hospital, department, doctor, visit time (Beijing),
 * the patient's masked name, what it is about and a note (the 停诊 notice: the first alternative).
 * Nothing else about the person: no ID number, no phone.
 */
export function reminderMessage(
  doc: BookingDoc,
  kind: OutboxEntry['kind'],
  openid: string,
  templateId: string,
): SubscribeMessage {
  const when = (at: Date) => {
    const [y, m, d] = beijingDate(at).split('-');
    return `${y}年${Number(m)}月${Number(d)}日 ${beijingTime(at)}`;
  };
  let note = kind === 'reminder_evening' ? '请按时就诊，携带电子健康卡' : '请提前到达候诊';
  if (kind === 'hospital_cancelled') {
    const alt = doc.alternatives[0];
    note = alt
      ? `可改约${alt.doctorName} ${beijingDate(alt.start).slice(5)} ${beijingTime(alt.start)}`
      : '请改约其他时段';
  }
  return {
    touser: openid,
    templateId,
    page: `pages/booking/success/index?id=${doc._id}`,
    data: {
      thing1: { value: clip(doc.hospitalName, 20) },
      thing2: { value: clip(doc.departmentName, 20) },
      thing3: { value: clip(doc.doctorName, 20) },
      time4: { value: when(new Date(doc.start)) },
      name5: { value: clip(doc.patientName, 10) },
      thing6: { value: TITLES[kind] },
      thing7: { value: clip(note, 20) },
    },
  };
}

/**
 * Sends the booking outbox (候诊提醒 the evening before and shortly before the visit; the 停诊
 * notice with the first alternative) as WeChat subscribe messages, each entry at most once:
 * a send claim `<bookingId>#<kind>` is inserted in `sent_messages` before WeChat is called, so
 * overlapping runs and replicas never send one twice. A retryable failure removes the claim
 * and tries again later (backoff, then `failed`); 43101 (no subscription) is `refused` for good.
 * The claim keeps the outcome, so an outbox entry whose write was lost is repaired from it.
 */
export class ReminderSender {
  private readonly job: PeriodicJob<SendReport>;
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;

  constructor(
    private readonly models: BookingModels,
    private readonly openidOf: (accountId: string) => Promise<string | null>,
    private readonly wechat: WechatMessaging,
    private readonly log: Logger,
    private readonly opts: ReminderSenderOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.backoffMs = opts.backoffMs ?? 60_000;
    this.job = new PeriodicJob(() => this.run(this.now()), {
      intervalMs: opts.intervalMs,
      onError: (err) => this.log.warn({ err: err.message }, 'reminder run failed'),
      gate: opts.gate,
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass at `at` (default now). Concurrent callers in this process share one pass. */
  runOnce(at?: Date): Promise<SendReport> {
    return this.job.runOnce(() => this.run(at ?? this.now()));
  }

  private async run(now: Date): Promise<SendReport> {
    const report: SendReport = { sent: 0, refused: 0, failed: 0, retrying: 0, skipped: 0 };
    const docs = await this.due(now);
    for (const doc of docs) {
      for (const [i, entry] of doc.outbox.entries()) {
        if (entry.state !== 'pending' || new Date(entry.dueAt) > now) continue;
        if (entry.retryAt && new Date(entry.retryAt) > now) continue;
        try {
          const result = await this.sendOne(doc, i, entry, now);
          if (result) report[result] += 1;
        } catch (err) {
          this.log.warn(
            { bookingId: doc._id, kind: entry.kind, err: (err as Error).message },
            'reminder failed',
          );
        }
      }
    }
    if (Object.values(report).some((n) => n > 0)) this.log.info(report, 'reminders sent');
    return report;
  }

  /**
   * Bookings with a pending entry, found by day (an index; `outbox.state` alone would scan every
   * booking ever made): reminders fall due the evening before and on the day of the visit, so
   * visits from yesterday to tomorrow; a 停诊 notice is due when it is queued, so notices queued in
   * the last week (its retries end within hours). FerretDB v1 has no $elemMatch on fields: dueAt
   * is checked per entry by the caller.
   */
  private async due(now: Date): Promise<BookingDoc[]> {
    const today = beijingDate(now);
    const batch = this.opts.batch ?? 500;
    const pending = { 'outbox.state': 'pending' };
    const [visits, notices] = await Promise.all([
      this.models.Booking.find({ date: { $in: [addDays(today, -1), today, addDays(today, 1)] }, ...pending })
        .limit(batch)
        .lean<BookingDoc[]>()
        .exec(),
      this.models.Booking.find({
        noticeDay: { $in: daysBetween(new Date(now.getTime() - NOTICE_LOOK_BACK_MS), now) },
        ...pending,
      })
        .limit(batch)
        .lean<BookingDoc[]>()
        .exec(),
    ]);
    return [...new Map([...visits, ...notices].map((d) => [d._id, d])).values()];
  }

  private async sendOne(
    doc: BookingDoc,
    i: number,
    entry: OutboxEntry,
    now: Date,
  ): Promise<keyof SendReport | null> {
    const claimId = `${doc._id}#${entry.kind}`;
    try {
      await this.models.SentMessage.create({
        _id: claimId,
        bookingId: doc._id,
        kind: entry.kind,
        claimedAt: now,
        claimedDay: dayOf(now),
        outcome: 'sending',
        msgid: null,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return this.repair(doc, i, entry, claimId, now);
    }

    // Claimed: decide on the booking as it is now, not as it was when the run began.
    const current = await this.models.Booking.findById(doc._id).lean<BookingDoc>().exec();
    const wanted = entry.kind === 'hospital_cancelled' ? 'cancelled_by_hospital' : 'confirmed';
    if (!current || current.status !== wanted) {
      await this.finish(claimId, 'skipped');
      await this.record(doc._id, i, entry, {
        state: 'skipped',
        lastError: `booking ${current?.status ?? 'gone'}`,
      });
      return 'skipped';
    }
    if (REMINDERS.has(entry.kind)) {
      const ending = await this.models.Transition.exists({
        _id: { $in: ENDING.map((c) => `${doc._id}#${c}`) },
      });
      if (ending) {
        // Being cancelled right now: look again next run, when it has landed or been undone.
        await this.models.SentMessage.deleteOne({ _id: claimId, outcome: 'sending' }).exec();
        return null;
      }
    }
    if (new Date(current.start) <= now) {
      await this.finish(claimId, 'skipped');
      await this.record(doc._id, i, entry, { state: 'skipped', lastError: 'the visit has started' });
      return 'skipped';
    }
    const openid = await this.openidOf(current.accountId);
    if (!openid) {
      await this.finish(claimId, 'failed');
      await this.record(doc._id, i, entry, { state: 'failed', lastError: 'no account' });
      return 'failed';
    }

    const result = await this.wechat.send(reminderMessage(current, entry.kind, openid, this.opts.templateId));
    const attempts = entry.attempts + 1;
    const log = { bookingId: doc._id, kind: entry.kind, attempts };
    switch (result.outcome) {
      case 'sent':
        await this.finish(claimId, 'sent', result.msgid);
        await this.record(doc._id, i, entry, { state: 'sent', attempts, sentAt: now, lastError: null });
        return 'sent';
      case 'refused':
        await this.finish(claimId, 'refused');
        await this.record(doc._id, i, entry, {
          state: 'refused',
          attempts,
          lastError: `no subscription (errcode ${result.errcode})`,
        });
        return 'refused';
      case 'failed':
        this.log.warn({ ...log, reason: result.reason }, 'reminder refused by WeChat');
        await this.finish(claimId, 'failed');
        await this.record(doc._id, i, entry, { state: 'failed', attempts, lastError: result.reason });
        return 'failed';
      case 'retry': {
        if (attempts >= this.maxAttempts) {
          this.log.warn({ ...log, reason: result.reason }, 'reminder given up');
          await this.finish(claimId, 'failed');
          await this.record(doc._id, i, entry, { state: 'failed', attempts, lastError: result.reason });
          return 'failed';
        }
        const delay = Math.min(30 * 60_000, this.backoffMs * 2 ** (attempts - 1));
        await this.record(doc._id, i, entry, {
          attempts,
          lastError: result.reason,
          retryAt: new Date(now.getTime() + delay),
        });
        // Released last: until the retry time is stored, no other sender may pick it up.
        await this.models.SentMessage.deleteOne({ _id: claimId, outcome: 'sending' }).exec();
        return 'retrying';
      }
    }
  }

  /** Someone holds the claim: copy a final outcome into the entry, or settle a dead sender's claim. */
  private async repair(
    doc: BookingDoc,
    i: number,
    entry: OutboxEntry,
    claimId: string,
    now: Date,
  ): Promise<keyof SendReport | null> {
    const claim = await this.models.SentMessage.findById(claimId).lean<SentMessageDoc>().exec();
    if (!claim) return null; // released just now: the next run tries again
    if (claim.outcome === 'sending') {
      const stale =
        now.getTime() - new Date(claim.claimedAt).getTime() > (this.opts.staleClaimMs ?? 10 * 60_000);
      if (!stale) return null; // another sender is on it
      // A sender stopped between claiming and recording: WeChat may have it. At most once: give up.
      await this.finish(claimId, 'failed');
      await this.record(doc._id, i, entry, {
        state: 'failed',
        lastError: 'outcome unknown (sender stopped)',
      });
      return 'failed';
    }
    await this.record(doc._id, i, entry, {
      state: claim.outcome,
      ...(claim.outcome === 'sent' && { sentAt: new Date(claim.claimedAt) }),
    });
    return null;
  }

  private async finish(claimId: string, outcome: Final, msgid: string | null = null): Promise<void> {
    await this.models.SentMessage.updateOne({ _id: claimId }, { $set: { outcome, msgid } }).exec();
  }

  /** Writes only this entry's fields, and only while it is still the same entry. */
  private async record(
    bookingId: string,
    i: number,
    entry: OutboxEntry,
    change: Partial<OutboxEntry>,
  ): Promise<void> {
    const set: Record<string, unknown> = { updatedAt: this.now() };
    for (const [k, v] of Object.entries(change)) set[`outbox.${i}.${k}`] = v;
    await this.models.Booking.updateOne(
      { _id: bookingId, [`outbox.${i}.kind`]: entry.kind },
      { $set: set },
    ).exec();
  }
}
