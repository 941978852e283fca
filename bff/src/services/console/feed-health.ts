import {
  addDays,
  beijingDate,
  type ConsoleFeedDetail,
  type ConsoleFeedsResponse,
  type FeedStatusItem,
  type SlotsPerDay,
} from '@jiankang/shared';
import { AppError } from '../../lib/app-error';
import type { SlotIndex } from '../slots/slot-index';
import type { FeedFreshness } from '../slots/feed-freshness';
import { OPERATOR } from './console-sign-in';
import type { PushLog } from './push-log';

const DAYS = 14;

/** Feed health per hospital for the console: the shared feed status, plus push log and day counts. */
export class FeedHealth {
  constructor(
    private readonly feeds: FeedFreshness,
    private readonly pushLog: PushLog,
    private readonly slots: Pick<SlotIndex, 'hospitalSlots'>,
    private readonly feedUrlOf: (hospitalId: string) => string | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** CONSOLE_FORBIDDEN unless the session's scope covers the hospital. */
  static assertScope(scope: string, hospitalId: string): void {
    if (scope !== OPERATOR && scope !== hospitalId)
      throw new AppError('CONSOLE_FORBIDDEN', 'This console session is for another hospital');
  }

  async list(scope: string): Promise<ConsoleFeedsResponse> {
    const items = (await this.feeds.statusList()).filter((i) => scope === OPERATOR || i.hospitalId === scope);
    return { items, asOf: this.now().toISOString() };
  }

  async detail(scope: string, hospitalId: string): Promise<ConsoleFeedDetail> {
    FeedHealth.assertScope(scope, hospitalId);
    const item: FeedStatusItem | undefined = (await this.feeds.statusList()).find(
      (i) => i.hospitalId === hospitalId,
    );
    const feedUrl = this.feedUrlOf(hospitalId);
    if (!item || !feedUrl)
      throw new AppError('HOSPITAL_NOT_FOUND', `No slot feed for hospital ${hospitalId.slice(0, 40)}`);
    const pushLog = await this.pushLog.latest(hospitalId);
    const slotsPerDay = this.perDay(hospitalId);
    return { ...item, feedUrl, pushLog, slotsPerDay, asOf: this.now().toISOString() };
  }

  /** Today and the next 13 days, from the slots this replica holds in memory (no database read). */
  private perDay(hospitalId: string): SlotsPerDay[] {
    const today = beijingDate(this.now());
    const days = Array.from({ length: DAYS }, (_, i) => addDays(today, i));
    const byDay = new Map(days.map((d) => [d, { date: d, slots: 0, available: 0 }]));
    for (const d of this.slots.hospitalSlots(hospitalId)) {
      const day = byDay.get(d.date);
      if (!day) continue;
      day.slots += 1;
      if (d.status === 'available') day.available += 1;
    }
    return [...byDay.values()];
  }
}
