import type { HospitalService } from './hospitals';
import type { ReadinessService } from './readiness';
import type { EarliestSearch } from './slots/earliest-search';
import type { FeedFreshness } from './slots/feed-freshness';
import type { SlotEventReceiver } from './slots/slot-event-receiver';
import type { SlotQueryService } from './slots/slot-query';

/** What routes may call. Built once per runtime (runtime.ts) and handed to createApp. */
export interface Services {
  hospitals: HospitalService;
  readiness: ReadinessService;
  slots: SlotQueryService;
  earliest: EarliestSearch;
  feeds: FeedFreshness;
  slotEvents: SlotEventReceiver;
  startedAt: number;
}
