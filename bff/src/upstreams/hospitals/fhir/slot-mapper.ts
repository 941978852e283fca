import type { FeedKind, SlotStatus } from '@jiankang/shared';
import { deriveStatus, SLOT_STATE_TO_STATUS } from '@jiankang/shared';
import type { FeedSlotRecord } from '../common/feed-adapter';
import { departmentIdOf, doctorIdOf, slotIdOf } from '../common/ids';
import { yuanToFen } from '../common/money';
import { isWebUrl } from '../common/http';
import { sampleName, zodReason, type Mapped } from '../common/skipped';
import { localDateOf, localHalfDayOf, parseInstant } from '../common/time';
import { ourExt, smartCapacity, smartExt } from './extensions';
import { ScheduleResource, SlotResource, type CodeableConcept } from './slot-schemas';

export type { Mapped };
const ok = <T>(value: T): Mapped<T> => ({ ok: true, value });
const skip = (reason: string): Mapped<never> => ({ ok: false, reason });

export const STD_DEPT_SYSTEM = 'urn:cn:nhc:dept-code';
export const hospitalDeptSystem = (hospitalId: string) => `urn:jiankang:hospital-dept:${hospitalId}`;
const CODE = /^[A-Za-z0-9-]{1,40}$/;
const STD_CODE = /^[0-9]{2}(\.[0-9]{2})?$/;

/** Who and where a Schedule stands for. Each part is optional: the spec only requires an actor. */
export interface ScheduleInfo {
  /** The Schedule's own id: groups the slots of a service-level schedule. */
  scheduleId: string;
  doctorCode?: string;
  doctorName?: string;
  deptCode?: string;
  stdDeptCode?: string;
  /** serviceType / specialty display, e.g. 普通门诊 or "COVID-19 Immunization Appointment". */
  serviceName?: string;
  locationSourceId?: string;
}

function codeIn(concepts: CodeableConcept[], system: string, pattern: RegExp): string | undefined {
  const code = concepts.flatMap((c) => c.coding).find((c) => c.system === system)?.code;
  return code && pattern.test(code) ? code : undefined;
}

/** The first human name a list of concepts gives: text, else a coding's display. */
function displayOf(concepts: CodeableConcept[]): string | undefined {
  for (const c of concepts) {
    const name = c.text?.trim() || c.coding.find((k) => k.display?.trim())?.display?.trim();
    if (name) return name;
  }
  return undefined;
}

/** The id a reference names for a type, relative or absolute (`…/fhir/Schedule/1`, `_history` too). */
export const referenceId = (reference: string | undefined, type: string) => {
  // Absolute references (https://host/fhir/Practitioner/1) end the same way relative ones do.
  const m = reference
    ? new RegExp(`(?:^|/)${type}/([A-Za-z0-9._-]{1,64})(?:/_history/[^/]+)?$`).exec(reference)
    : null;
  return m?.[1];
};

/**
 * A Schedule as any server writes it: `actor` any mix of Practitioner, PractitionerRole, Location
 * and HealthcareService (SMART Scheduling Links often names only the Location); the department
 * from a HealthcareService actor, a specialty coding or our enrichment extension.
 */
export function mapSchedule(raw: unknown, hospitalId: string): Mapped<{ id: string; info: ScheduleInfo }> {
  const parsed = ScheduleResource.safeParse(raw);
  if (!parsed.success) return skip(`Schedule: ${zodReason(parsed.error)}`);
  const s = parsed.data;
  const enrichedDoctor = ourExt(s.extension, 'schedule-practitioner')?.valueReference;
  if (s.actor.length === 0 && !enrichedDoctor) return skip(`Schedule/${s.id}: no actor`);
  if (s.active === false) return skip(`Schedule/${s.id}: inactive`);
  const actorOf = (type: string) => s.actor.find((a) => referenceId(a.reference, type));
  const person = actorOf('Practitioner') ?? actorOf('PractitionerRole') ?? enrichedDoctor;
  const doctorCode =
    referenceId(person?.reference, 'Practitioner') ?? referenceId(person?.reference, 'PractitionerRole');
  const service = actorOf('HealthcareService');
  const deptCode =
    referenceId(service?.reference, 'HealthcareService') ??
    codeIn(s.specialty, hospitalDeptSystem(hospitalId), CODE) ??
    ourExt(s.extension, 'schedule-department')?.valueCoding?.code;
  const stdDeptCode =
    codeIn(s.serviceType, STD_DEPT_SYSTEM, STD_CODE) ?? codeIn(s.specialty, STD_DEPT_SYSTEM, STD_CODE);
  const locationSourceId = referenceId(actorOf('Location')?.reference, 'Location');
  const serviceName = displayOf(s.serviceType) ?? service?.display?.trim() ?? displayOf(s.specialty);
  return ok({
    id: s.id,
    info: {
      scheduleId: s.id,
      ...(doctorCode && CODE.test(doctorCode) && { doctorCode }),
      ...(doctorCode && person?.display?.trim() && { doctorName: person.display.trim() }),
      ...(deptCode && CODE.test(deptCode) && { deptCode }),
      ...(stdDeptCode && { stdDeptCode }),
      ...(serviceName && { serviceName: serviceName.slice(0, 60) }),
      ...(locationSourceId && { locationSourceId }),
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
  /** Slots ended before this are past (see FeedFetchOptions.now). */
  now?: Date;
}

/**
 * How many appointments a Slot offers and how many are left. Per both specs a Slot is one
 * appointment unless `slot-capacity` aggregates identical ones; a free Slot has all of them left
 * unless our `slot-remaining` enrichment says otherwise, a busy one none.
 */
function seats(s: SlotResource): { capacity: number; remaining: number } | undefined {
  const aggregated = smartCapacity(s.extension);
  // Our enrichment gives the period's whole capacity and what is left; without it, the spec's.
  const capacity = ourExt(s.extension, 'slot-capacity')?.valueInteger ?? aggregated ?? 1;
  const remaining =
    ourExt(s.extension, 'slot-remaining')?.valueInteger ??
    (s.status === 'free' ? (aggregated ?? capacity) : 0);
  if (capacity < 0 || remaining < 0 || remaining > capacity) return undefined;
  return { capacity, remaining };
}

/** A FHIR Slot (from a search or an NDJSON line) to our record, or the reason it is skipped. */
export function mapSlot(raw: unknown, ctx: SlotMapContext): Mapped<FeedSlotRecord> {
  const parsed = SlotResource.safeParse(raw);
  if (!parsed.success) return skip(`${sampleName('Slot', raw)}: ${zodReason(parsed.error)}`);
  const s = parsed.data;
  const where = `Slot/${s.id}`;
  if (s.status === 'entered-in-error') return skip(`${where}: entered-in-error (withdrawn by the hospital)`);
  const scheduleId = referenceId(s.schedule.reference, 'Schedule');
  const schedule = scheduleId ? ctx.schedules.get(scheduleId) : undefined;
  if (!schedule) return skip(`${where}: unknown schedule ${s.schedule.reference.slice(0, 80)}`);
  const start = parseInstant(s.start);
  const end = parseInstant(s.end);
  if (!start || !end || end <= start) return skip(`${where}: bad start/end`);
  if (ctx.now && end <= ctx.now) return { ok: false, reason: `${where}: ended ${s.end}`, past: true };
  const counts = seats(s);
  if (!counts) return skip(`${where}: bad capacity/remaining`);
  const fee = ourExt(s.extension, 'slot-fee')?.valueMoney;
  const feeFen = fee && (fee.currency ?? 'CNY') === 'CNY' ? yuanToFen(fee.value) : undefined;
  if (fee && feeFen === undefined) return skip(`${where}: bad fee`);
  const releaseText = ourExt(s.extension, 'slot-release-at')?.valueDateTime;
  const releaseAt = releaseText ? parseInstant(releaseText) : undefined;
  if (releaseText && !releaseAt) return skip(`${where}: bad release time`);
  const state = ourExt(s.extension, 'slot-state')?.valueCode;
  const status =
    (state && SLOT_STATE_TO_STATUS[state]) ??
    statusFromFhir(s.status, counts.remaining, releaseAt, ctx.fetchedAt);
  if (!status) return skip(`${where}: status ${s.status}`);
  const link = smartExt(s.extension, 'booking-deep-link')?.valueUrl?.trim();
  const phone = smartExt(s.extension, 'booking-phone')?.valueString?.trim();
  const deptCode = codeIn(s.specialty, hospitalDeptSystem(ctx.hospitalId), CODE) ?? schedule.deptCode;
  const stdDeptCode =
    codeIn(s.specialty, STD_DEPT_SYSTEM, STD_CODE) ??
    codeIn(s.serviceType, STD_DEPT_SYSTEM, STD_CODE) ??
    schedule.stdDeptCode;
  const date = localDateOf(s.start, start);
  const updatedText = s.meta?.lastUpdated;
  const sourceUpdatedAt = updatedText ? parseInstant(updatedText) : undefined;
  const serviceName = displayOf(s.serviceType) ?? schedule.serviceName;
  return ok({
    id: slotIdOf(ctx.hospitalId, s.id),
    hospitalId: ctx.hospitalId,
    sourceId: s.id,
    sessionId:
      ourExt(s.extension, 'slot-session')?.valueString ??
      `${schedule.doctorCode ?? schedule.scheduleId}-${date.replaceAll('-', '')}-${localHalfDayOf(s.start, start)}`,
    scheduleId: schedule.scheduleId,
    ...(deptCode && { departmentId: departmentIdOf(deptCode) }),
    ...(stdDeptCode && { departmentCode: stdDeptCode }),
    ...(schedule.doctorCode && { doctorId: doctorIdOf(ctx.hospitalId, schedule.doctorCode) }),
    ...(schedule.doctorName && { doctorName: schedule.doctorName }),
    ...(serviceName && { serviceName }),
    ...(schedule.locationSourceId && { locationId: slotIdOf(ctx.hospitalId, schedule.locationSourceId) }),
    start,
    end,
    date,
    capacity: counts.capacity,
    remaining: counts.remaining,
    status,
    ...(feeFen !== undefined && { feeFen }),
    ...(link && isWebUrl(link) && { bookingLink: link.slice(0, 2000) }),
    ...(phone && { bookingPhone: phone.slice(0, 40) }),
    ...(releaseAt && { releaseAt }),
    ...(s.meta?.versionId && { version: Number(s.meta.versionId) }),
    ...(sourceUpdatedAt && { sourceUpdatedAt }),
    kind: ctx.kind,
    fetchedAt: ctx.fetchedAt,
  });
}
