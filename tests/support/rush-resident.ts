import { randomBytes } from 'node:crypto';
import type { ScheduleResponse } from '@jiankang/shared';

/**
 * One resident in a 放号 rush, as a phone behaves: the schedule page is open before the release;
 * from a moment before it the resident taps 预约 on a period (the eager tap before the countdown
 * ends), then keeps polling the schedule and booking a period it shows open (or, while it still
 * says not released, the period anyway). A period refused SLOT_FULL is crossed off and the
 * schedule read again, as the app refreshes the page; it stops at its first booking, when the
 * schedule shows nothing left to try, or at the deadline. Shared by the CI test (in process) and the bench
 * (in worker processes), so both measure the same client.
 */
export interface RushTarget {
  /** The BFF's API root, …/api/v1. */
  api: string;
  hospitalId: string;
  departmentId: string;
  /** Beijing date of the session. */
  date: string;
  /** The session's period ids (ours, `hospital:source`). */
  periodIds: string[];
}

export interface RushResidentIdentity {
  accessToken: string;
  patientId: string;
}

export interface RushTimes {
  /** Epoch ms (this machine's clock) when the resident starts polling. */
  startAt: number;
  /** Epoch ms after which it gives up. */
  deadline: number;
  /** Pause between schedule polls while nothing is open yet. */
  pollMs: number;
}

/** What one resident saw; summed over residents by mergeTallies. */
export interface RushTally {
  scheduleMs: number[];
  bookMs: number[];
  /** Booking answers by error code (or "201" / "202"). */
  answers: Record<string, number>;
  status5xx: number;
  status429: number;
  /** 429s that came without a Retry-After header (must be 0). */
  status429WithoutRetryAfter: number;
  /** SLOT_NOT_RELEASED answers that did not name the release time (must be 0). */
  notReleasedWithoutTime: number;
  /** Request failures without an HTTP answer (reset, timeout). */
  transportErrors: number;
  /** …by error name and code, e.g. "TypeError UND_ERR_SOCKET", "TimeoutError". */
  transportErrorKinds: Record<string, number>;
  booked: number;
  /** Epoch ms of the first booking attempt sent and of the first answered (Infinity: none). */
  firstSentAt: number;
  firstAnsweredAt: number;
}

export const emptyTally = (): RushTally => ({
  scheduleMs: [],
  bookMs: [],
  answers: {},
  status5xx: 0,
  status429: 0,
  status429WithoutRetryAfter: 0,
  notReleasedWithoutTime: 0,
  transportErrors: 0,
  transportErrorKinds: {},
  booked: 0,
  firstSentAt: Infinity,
  firstAnsweredAt: Infinity,
});

export function mergeTallies(tallies: RushTally[]): RushTally {
  const out = emptyTally();
  for (const t of tallies) {
    out.scheduleMs.push(...t.scheduleMs);
    out.bookMs.push(...t.bookMs);
    for (const [k, n] of Object.entries(t.answers)) out.answers[k] = (out.answers[k] ?? 0) + n;
    out.status5xx += t.status5xx;
    out.status429 += t.status429;
    out.status429WithoutRetryAfter += t.status429WithoutRetryAfter;
    out.notReleasedWithoutTime += t.notReleasedWithoutTime;
    out.transportErrors += t.transportErrors;
    for (const [k, n] of Object.entries(t.transportErrorKinds))
      out.transportErrorKinds[k] = (out.transportErrorKinds[k] ?? 0) + n;
    out.booked += t.booked;
    out.firstSentAt = Math.min(out.firstSentAt, t.firstSentAt ?? Infinity); // JSON made Infinity null
    out.firstAnsweredAt = Math.min(out.firstAnsweredAt, t.firstAnsweredAt ?? Infinity);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function timed(tally: RushTally, into: number[], url: string, init: RequestInit) {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    into.push(performance.now() - t0);
    if (res.status >= 500) tally.status5xx += 1;
    if (res.status === 429) {
      tally.status429 += 1;
      if (!res.headers.get('retry-after')) tally.status429WithoutRetryAfter += 1;
    }
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    tally.transportErrors += 1;
    const e = err as Error & { cause?: { code?: string } };
    const kind = [e.name, e.cause?.code].filter(Boolean).join(' ');
    tally.transportErrorKinds[kind] = (tally.transportErrorKinds[kind] ?? 0) + 1;
    return undefined;
  }
}

const errorOf = (text: string) => {
  try {
    return (JSON.parse(text) as { error?: { code?: string; details?: Array<{ field: string }> } }).error;
  } catch {
    return undefined;
  }
};

/** The session's periods the schedule shows, by id: status and remaining. */
function periodsShown(body: ScheduleResponse, ids: ReadonlySet<string>) {
  const out = new Map<string, { status: string; remaining: number }>();
  for (const doctor of body.doctors)
    for (const day of doctor.days) for (const p of day.periods) if (ids.has(p.id)) out.set(p.id, p);
  return out;
}

export async function runRushResident(
  target: RushTarget,
  who: RushResidentIdentity,
  times: RushTimes,
  tally: RushTally,
): Promise<void> {
  const auth = { authorization: `Bearer ${who.accessToken}` };
  const scheduleUrl =
    `${target.api}/hospitals/${encodeURIComponent(target.hospitalId)}/departments/` +
    `${encodeURIComponent(target.departmentId)}/schedule?from=${target.date}&days=1`;
  const ids = new Set(target.periodIds);
  const crossedOff = new Set<string>();
  await sleep(times.startAt - Date.now());
  // The page was loaded before the countdown: the first tap books straight away, no read first.
  let eager = true;
  while (Date.now() < times.deadline && crossedOff.size < ids.size) {
    let candidates: string[];
    if (eager) {
      eager = false;
      // The period the resident picked on the page, before the countdown ended.
      candidates = [[...ids][Math.floor(Math.random() * ids.size)] as string];
    } else {
      const schedule = await timed(tally, tally.scheduleMs, scheduleUrl, { headers: auth });
      if (!schedule || schedule.status !== 200) {
        await sleep(times.pollMs);
        continue;
      }
      const shown = periodsShown(JSON.parse(schedule.text) as ScheduleResponse, ids);
      const open = [...shown].filter(
        ([id, p]) => !crossedOff.has(id) && p.status === 'available' && p.remaining > 0,
      );
      const waiting = [...shown].filter(([id, p]) => !crossedOff.has(id) && p.status === 'not_released');
      if (open.length === 0 && waiting.length === 0) return; // the schedule says it is all gone
      candidates = (open.length > 0 ? open : waiting).map(([id]) => id);
    }
    // Shuffled: a crowd that all taps the first period is not how people (or the fairest bot) act.
    candidates.sort(() => Math.random() - 0.5);
    for (const slotId of candidates) {
      tally.firstSentAt = Math.min(tally.firstSentAt, Date.now());
      const res = await timed(tally, tally.bookMs, `${target.api}/bookings`, {
        method: 'POST',
        headers: {
          ...auth,
          'content-type': 'application/json',
          'idempotency-key': `rush-${randomBytes(9).toString('base64url')}`,
        },
        body: JSON.stringify({ slotId, patientId: who.patientId }),
      });
      if (!res) break;
      tally.firstAnsweredAt = Math.min(tally.firstAnsweredAt, Date.now());
      const code = res.status < 300 ? String(res.status) : (errorOf(res.text)?.code ?? String(res.status));
      tally.answers[code] = (tally.answers[code] ?? 0) + 1;
      if (res.status === 201 || res.status === 202 || code === 'DUPLICATE_BOOKING') {
        if (res.status !== 409) tally.booked += 1;
        return;
      }
      if (code === 'SLOT_FULL') {
        // 已约满: the page reads the schedule again and the resident picks from what it shows.
        crossedOff.add(slotId);
        break;
      }
      if (code === 'SLOT_NOT_RELEASED') {
        if (!errorOf(res.text)?.details?.some((d) => d.field === 'releaseAt'))
          tally.notReleasedWithoutTime += 1;
        // Not yet: look again shortly (the server's Retry-After is whole seconds; a phone's
        // countdown polls finer than that).
        break;
      }
      if (res.status === 429) {
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        break;
      }
      break; // anything else: read the schedule again
    }
    await sleep(times.pollMs);
  }
}
