import { beijingDate } from '@jiankang/shared';
import type { FeedSlotRecord } from '../common/feed-adapter';
import { departmentIdOf, doctorIdOf, slotIdOf } from '../common/ids';
import { yuanToFen } from '../common/money';
import { zodReason } from '../common/skipped';
import { deriveStatus } from '@jiankang/shared';
import { parseBeijingWallClock } from '../common/time';
import type { Mapped } from '../fhir/slot-mapper';
import { ScheduleRow } from './slot-schemas';

const DAY_MS = 24 * 60 * 60_000;
/** A 分时段 period is minutes long; anything over half a day is a typo in the HIS. */
const MAX_PERIOD_MS = 12 * 60 * 60_000;

/** A 1002 `<ROW>` to our record: times are Beijing wall-clock, GHF is 元, TZBZ is 停诊, SFFH 放号. */
export function mapHisRow(
  raw: Record<string, string>,
  ctx: { hospitalId: string; fetchedAt: Date; now?: Date },
): Mapped<FeedSlotRecord> {
  const parsed = ScheduleRow.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `ROW ${raw.HYID ?? '?'}: ${zodReason(parsed.error)}` };
  const r = parsed.data;
  const skip = (why: string): Mapped<never> => ({ ok: false, reason: `ROW ${r.HYID}: ${why}` });
  const start = parseBeijingWallClock(`${r.PBRQ} ${r.SJD.slice(0, 5)}`);
  const endSameDay = parseBeijingWallClock(`${r.PBRQ} ${r.SJD.slice(6)}`);
  // A night-clinic period such as 23:45-00:15 ends on the next day.
  const end =
    start && endSameDay && endSameDay <= start ? new Date(endSameDay.getTime() + DAY_MS) : endSameDay;
  if (!start || !end || end.getTime() - start.getTime() > MAX_PERIOD_MS) return skip('bad PBRQ/SJD');
  // Over before the read (see FeedFetchOptions.now): dropped and counted, as every feed does.
  if (ctx.now && end <= ctx.now) return { ok: false, reason: `ROW ${r.HYID}: ended`, past: true };
  if (r.SYHS > r.HS) return skip('SYHS over HS');
  const feeFen = yuanToFen(r.GHF);
  if (feeFen === undefined) return skip('bad GHF');
  const releaseAt = r.FHSJ ? parseBeijingWallClock(r.FHSJ) : undefined;
  if (r.FHSJ && !releaseAt) return skip('bad FHSJ');
  const sourceUpdatedAt = r.GXSJ ? parseBeijingWallClock(r.GXSJ) : undefined;
  return {
    ok: true,
    value: {
      id: slotIdOf(ctx.hospitalId, r.HYID),
      hospitalId: ctx.hospitalId,
      sourceId: r.HYID,
      sessionId: r.PBID,
      scheduleId: r.YSDM,
      departmentId: departmentIdOf(r.KSDM),
      departmentCode: r.BZKSDM,
      doctorId: doctorIdOf(ctx.hospitalId, r.YSDM),
      doctorName: r.YSXM,
      start,
      end,
      date: beijingDate(start),
      capacity: r.HS,
      remaining: r.SYHS,
      status: deriveStatus({ cancelled: r.TZBZ === '1', released: r.SFFH === '1', remaining: r.SYHS }),
      feeFen,
      ...(releaseAt && { releaseAt }),
      ...(r.BBH !== undefined && { version: r.BBH }),
      ...(sourceUpdatedAt && { sourceUpdatedAt }),
      kind: 'his-xml',
      fetchedAt: ctx.fetchedAt,
    },
  };
}
