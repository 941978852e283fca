import {
  beijingDate,
  beijingTime,
  DEFAULT_SERVICE_NAME,
  SERVICE_SCHEDULES_NAME,
  type BookingMode,
  type FeedCheckReport,
  type FeedCheckSampleSlot,
  type FeedKind,
  type FeedSlotRecord,
} from '@jiankang/shared';
import type { FeedFetchResult } from '../../upstreams/hospitals/common/feed-adapter';

const HOUR_MS = 3_600_000;
const SAMPLE_COUNT = 3;
export const FEE_UNKNOWN = '以医院公布为准';

const REMAINING: Record<FeedSlotRecord['status'], (s: FeedSlotRecord) => string> = {
  available: (s) => `余 ${s.remaining}`,
  full: () => '约满',
  cancelled: () => '停诊',
  not_released: () => '未放号',
};

/**
 * The slot as the slot sheet shows it to a resident (miniapp utils/slots.ts says the same words);
 * `mode` is the registry's bookingMode, which decides the button (the feed's link and phone only
 * say where 去医院预约 sends the resident).
 */
export function residentView(s: FeedSlotRecord, mode: BookingMode = 'here'): FeedCheckSampleSlot {
  const service = s.serviceName ?? DEFAULT_SERVICE_NAME;
  return {
    id: s.id,
    date: beijingDate(s.start),
    time: `${beijingTime(s.start)}–${beijingTime(s.end)}`,
    // A service-level schedule is listed under 门诊服务 on the hospital page.
    department: s.departmentCode ?? s.departmentId ?? SERVICE_SCHEDULES_NAME,
    name: s.doctorName ?? service,
    fee: s.feeFen === undefined ? FEE_UNKNOWN : `¥${(s.feeFen / 100).toFixed(2)}`,
    booking: mode === 'external' ? '去医院预约' : '在线预约',
    remaining: REMAINING[s.status](s),
  };
}

/** A slot of a whole day or more: midnight to midnight in Beijing, or 23 h and longer. */
const isAllDay = (s: FeedSlotRecord) =>
  s.end.getTime() - s.start.getTime() >= 23 * HOUR_MS ||
  (beijingTime(s.start) === '00:00' && beijingTime(s.end) === '00:00' && s.end > s.start);

/** `Slot/1: …` → Slot; reasons that name a file line (`slots.ndjson line 3`) count as that file's type. */
function typeOfSample(sample: string): string {
  const named = /^(Location|Schedule|Slot|Bundle|OperationOutcome)\b/.exec(sample);
  if (named) return named[1] as string;
  const file = /^(\w+)[^:]*\.ndjson line/i.exec(sample);
  if (file)
    return /loc/i.test(file[1] as string)
      ? 'Location'
      : /sched/i.test(file[1] as string)
        ? 'Schedule'
        : 'Slot';
  return 'other';
}

/** The conformance report of one fetch: what was read, what was not and why, and how it looks. */
export function buildReport(
  kind: FeedKind,
  url: string,
  checkedAt: Date,
  outcome: { result: FeedFetchResult } | { error: string },
  mode: BookingMode = 'here',
): FeedCheckReport {
  const base = { kind, url, checkedAt: checkedAt.toISOString() };
  if ('error' in outcome) {
    return {
      ...base,
      verdict: 'unreadable',
      error: outcome.error,
      counts: { locations: 0, schedules: 0, slotsImported: 0, slotsPast: 0, skipped: 0, skippedByType: {} },
      skippedSamples: [],
      problems: [],
      time: { firstDate: null, lastDate: null, allDaySlots: 0, longSlots: 0, notes: [] },
      statuses: {},
      samples: [],
    };
  }
  const { result } = outcome;
  const slots = [...result.slots].sort((a, b) => a.start.getTime() - b.start.getTime());
  const skippedByType: Record<string, number> = {};
  for (const sample of result.skipped.samples) {
    const type = typeOfSample(sample);
    skippedByType[type] = (skippedByType[type] ?? 0) + 1;
  }
  const statuses: Record<string, number> = {};
  for (const s of slots) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const allDay = slots.filter(isAllDay).length;
  const long = slots.filter((s) => !isAllDay(s) && s.end.getTime() - s.start.getTime() > 4 * HOUR_MS).length;
  const notes: string[] = [];
  if (result.past > 0)
    notes.push(`${result.past} slot(s) already over at the check: dropped and counted as past`);
  if (allDay > 0) notes.push(`${allDay} all-day slot(s): shown for the whole day`);
  if (long > 0) notes.push(`${long} slot(s) longer than 4 hours`);
  notes.push('days and hours are Beijing time, read from each slot’s own offset');
  // Unreadable: nothing a resident could see, though the feed sent records (or nothing at all).
  const nothing = slots.length === 0 && (result.skipped.count > 0 || result.problems.length > 0);
  const lossy = result.skipped.count > 0 || result.problems.length > 0;
  return {
    ...base,
    verdict: nothing ? 'unreadable' : lossy ? 'partial' : 'ok',
    error: nothing ? `every record was unreadable (${result.skipped.count} skipped)` : null,
    counts: {
      locations: result.locations?.length ?? 0,
      schedules: new Set(slots.map((s) => s.scheduleId)).size,
      slotsImported: slots.length,
      slotsPast: result.past,
      skipped: result.skipped.count,
      skippedByType,
    },
    skippedSamples: result.skipped.samples,
    problems: result.problems,
    time: {
      firstDate: slots[0] ? beijingDate(slots[0].start) : null,
      lastDate: slots.length > 0 ? beijingDate((slots[slots.length - 1] as FeedSlotRecord).start) : null,
      allDaySlots: allDay,
      longSlots: long,
      notes,
    },
    statuses,
    samples: pickSamples(slots).map((slot) => residentView(slot, mode)),
  };
}

/** Three slots a resident could book first: bookable ones before full or cancelled ones. */
function pickSamples(sorted: FeedSlotRecord[]): FeedSlotRecord[] {
  const open = sorted.filter((s) => s.status === 'available');
  return [...open, ...sorted.filter((s) => s.status !== 'available')].slice(0, SAMPLE_COUNT);
}
