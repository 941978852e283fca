import { beijingDate, type FeedKind, type SlotStatus } from '@jiankang/shared';
import type { FeedSlotRecord } from '../common/feed-adapter';
import { departmentIdOf, doctorIdOf, slotIdOf } from '../common/ids';
import { yuanToFen } from '../common/money';
import { deriveStatus, SLOT_STATE_TO_STATUS } from '@jiankang/shared';
import { parseInstant } from '../common/time';
import { zodReason } from '../common/skipped';
import { ScheduleResource, SlotResource, type Extension } from './slot-schemas';

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Mapped<T> => ({ ok: true, value });
const skip = (reason: string): Mapped<never> => ({ ok: false, reason });

export const STD_DEPT_SYSTEM = 'urn:cn:nhc:dept-code';
export const hospitalDeptSystem = (hospitalId: string) => `urn:jiankang:hospital-dept:${hospitalId}`;
const JIANKANG_EXT = 'http://jiankang.example/fhir/StructureDefinition/';
const CODE = /^[A-Za-z0-9-]{1,40}$/;
const STD_CODE = /^[0-9]{2}(\.[0-9]{2})?$/;

/** Who and where a Schedule stands for: the doctor and, when it says, the department. */
export interface ScheduleInfo {
  doctorCode: string;
  doctorName: string;
  deptCode?: string;
  stdDeptCode?: string;
}

const ext = (exts: Extension[], name: string) => exts.find((e) => e.url === `${JIANKANG_EXT}${name}`);

function codeIn(
  concepts: { coding: { system?: string; code?: string }[] }[],
  system: string,
  pattern: RegExp,
): string | undefined {
  const code = concepts.flatMap((c) => c.coding).find((c) => c.system === system)?.code;
  return code && pattern.test(code) ? code : undefined;
}

const codeAfter = (reference: string | undefined, prefix: string) =>
  reference?.startsWith(prefix) && CODE.test(reference.slice(prefix.length))
    ? reference.slice(prefix.length)
    : undefined;

/**
 * A Schedule as either feed writes it: FHIR puts the Practitioner in `actor[0]`; SMART Scheduling
 * Links keeps `actor` for the Location and names the doctor and department in extensions.
 */
export function mapSchedule(raw: unknown, hospitalId: string): Mapped<{ id: string; info: ScheduleInfo }> {
  const parsed = ScheduleResource.safeParse(raw);
  if (!parsed.success) return skip(`Schedule: ${zodReason(parsed.error)}`);
  const s = parsed.data;
  const practitioner =
    s.actor.find((a) => a.reference?.startsWith('Practitioner/')) ??
    ext(s.extension, 'schedule-practitioner')?.valueReference;
  const doctorCode = codeAfter(practitioner?.reference, 'Practitioner/');
  if (!doctorCode || !practitioner?.display) return skip(`Schedule/${s.id}: no practitioner`);
  const deptCode =
    codeAfter(
      s.actor.find((a) => a.reference?.startsWith('HealthcareService/'))?.reference,
      'HealthcareService/',
    ) ??
    codeIn(s.specialty, hospitalDeptSystem(hospitalId), CODE) ??
    ext(s.extension, 'schedule-department')?.valueCoding?.code;
  const stdDeptCode =
    codeIn(s.serviceType, STD_DEPT_SYSTEM, STD_CODE) ?? codeIn(s.specialty, STD_DEPT_SYSTEM, STD_CODE);
  return ok({
    id: s.id,
    info: {
      doctorCode,
      doctorName: practitioner.display,
      ...(deptCode && CODE.test(deptCode) && { deptCode }),
      ...(stdDeptCode && { stdDeptCode }),
    },
  });
}

/** Without our slot-state extension: busy-unavailable is 停诊 unless its release is still ahead. */
function statusFromFhir(
  fhirStatus: SlotResource['status'],
  remaining: number,
  releaseAt: Date | undefined,
  now: Date,
): SlotStatus | undefined {
  if (fhirStatus === 'free') return deriveStatus({ cancelled: false, released: true, remaining });
  if (fhirStatus === 'busy' || fhirStatus === 'busy-tentative') return 'full';
  if (fhirStatus === 'busy-unavailable') return releaseAt && releaseAt > now ? 'not_released' : 'cancelled';
  return undefined;
}

export interface SlotMapContext {
  hospitalId: string;
  kind: FeedKind;
  schedules: Map<string, ScheduleInfo>;
  fetchedAt: Date;
}

/** A FHIR Slot (from a search or an NDJSON line) to our record, or the reason it is skipped. */
export function mapSlot(raw: unknown, ctx: SlotMapContext): Mapped<FeedSlotRecord> {
  const parsed = SlotResource.safeParse(raw);
  if (!parsed.success) return skip(`Slot: ${zodReason(parsed.error)}`);
  const s = parsed.data;
  const where = `Slot/${s.id}`;
  const scheduleId = s.schedule.reference.replace(/^Schedule\//, '');
  const schedule = ctx.schedules.get(scheduleId);
  if (!schedule) return skip(`${where}: unknown schedule ${scheduleId}`);
  const deptCode = codeIn(s.specialty, hospitalDeptSystem(ctx.hospitalId), CODE) ?? schedule.deptCode;
  const stdDeptCode =
    codeIn(s.specialty, STD_DEPT_SYSTEM, STD_CODE) ??
    codeIn(s.serviceType, STD_DEPT_SYSTEM, STD_CODE) ??
    schedule.stdDeptCode;
  if (!deptCode || !stdDeptCode) return skip(`${where}: no department`);
  const start = parseInstant(s.start);
  const end = parseInstant(s.end);
  if (!start || !end || end <= start) return skip(`${where}: bad start/end`);
  const capacity = ext(s.extension, 'slot-capacity')?.valueInteger;
  const remaining = ext(s.extension, 'slot-remaining')?.valueInteger;
  if (
    capacity === undefined ||
    capacity < 0 ||
    remaining === undefined ||
    remaining < 0 ||
    remaining > capacity
  )
    return skip(`${where}: bad capacity/remaining`);
  const fee = ext(s.extension, 'slot-fee')?.valueMoney;
  const feeFen = fee && (fee.currency ?? 'CNY') === 'CNY' ? yuanToFen(fee.value) : undefined;
  if (feeFen === undefined) return skip(`${where}: bad fee`);
  const releaseText = ext(s.extension, 'slot-release-at')?.valueDateTime;
  const releaseAt = releaseText ? parseInstant(releaseText) : undefined;
  if (releaseText && !releaseAt) return skip(`${where}: bad release time`);
  const state = ext(s.extension, 'slot-state')?.valueCode;
  const status =
    (state && SLOT_STATE_TO_STATUS[state]) ?? statusFromFhir(s.status, remaining, releaseAt, ctx.fetchedAt);
  if (!status) return skip(`${where}: status ${s.status}`);
  const updatedText = s.meta?.lastUpdated;
  const sourceUpdatedAt = updatedText ? parseInstant(updatedText) : undefined;
  return ok({
    id: slotIdOf(ctx.hospitalId, s.id),
    hospitalId: ctx.hospitalId,
    sourceId: s.id,
    sessionId:
      ext(s.extension, 'slot-session')?.valueString ?? `${schedule.doctorCode}-${beijingDate(start)}`,
    departmentId: departmentIdOf(deptCode),
    departmentCode: stdDeptCode,
    doctorId: doctorIdOf(ctx.hospitalId, schedule.doctorCode),
    doctorName: schedule.doctorName,
    start,
    end,
    date: beijingDate(start),
    capacity,
    remaining,
    status,
    feeFen,
    ...(releaseAt && { releaseAt }),
    ...(s.meta?.versionId && { version: Number(s.meta.versionId) }),
    ...(sourceUpdatedAt && { sourceUpdatedAt }),
    kind: ctx.kind,
    fetchedAt: ctx.fetchedAt,
  });
}
