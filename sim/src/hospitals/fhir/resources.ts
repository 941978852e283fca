import { isoBeijing } from '../beijing-time';
import type { SlotBook } from '../slot-book';
import type { FeedProfile, FeedSlot } from '../types';

/** Standard department codes (GB/T-style 诊疗科目 codes, as stdDeptCode in the directory). */
export const STD_DEPT_SYSTEM = 'urn:cn:nhc:dept-code';
export const hospitalDeptSystem = (hospitalId: string) => `urn:jiankang:hospital-dept:${hospitalId}`;
export const EXT = 'http://jiankang.example/fhir/StructureDefinition';

export const scheduleId = (doctorCode: string) => `sch-${doctorCode}`;

/** free / busy (约满) / busy-unavailable (停诊 or not yet released: see slot-state). */
export function fhirStatus(s: FeedSlot): 'free' | 'busy' | 'busy-unavailable' {
  if (s.status === 'cancelled' || !s.released) return 'busy-unavailable';
  return s.status === 'free' ? 'free' : 'busy';
}

/** free | full | cancelled | unreleased: the one value an adapter needs to tell them apart. */
export function slotState(s: FeedSlot): 'free' | 'full' | 'cancelled' | 'unreleased' {
  if (s.status === 'cancelled') return 'cancelled';
  return s.released ? s.status : 'unreleased';
}

interface Coded {
  stdDeptCode: string;
  deptCode: string;
  deptName: string;
}

export function deptCodings(hospitalId: string, d: Coded) {
  const std = { system: STD_DEPT_SYSTEM, code: d.stdDeptCode, display: d.deptName };
  return {
    serviceType: [{ coding: [std], text: d.deptName }],
    specialty: [
      { coding: [std, { system: hospitalDeptSystem(hospitalId), code: d.deptCode, display: d.deptName }] },
    ],
  };
}

/** Our own extensions, shared by the FHIR and SMART feeds. */
export function slotExtensions(s: FeedSlot) {
  return [
    { url: `${EXT}/slot-capacity`, valueInteger: s.capacity },
    { url: `${EXT}/slot-remaining`, valueInteger: s.remaining },
    { url: `${EXT}/slot-fee`, valueMoney: { value: s.feeFen / 100, currency: 'CNY' } },
    { url: `${EXT}/slot-state`, valueCode: slotState(s) },
    { url: `${EXT}/slot-release-at`, valueDateTime: s.releaseAt },
    { url: `${EXT}/slot-session`, valueString: s.sessionId },
  ];
}

/**
 * A hospital that writes only the standard publishes a period once it is bookable: plain FHIR and
 * SMART have no way to say "not yet released" (busy-unavailable would read as 停诊).
 */
export const isPublished = (profile: FeedProfile, s: FeedSlot) => profile === 'enriched' || s.released;

/** A Slot as R4 defines it; `enriched` adds our extensions (fee, capacity, state, release, session). */
export function fhirSlot(hospitalId: string, s: FeedSlot, profile: FeedProfile) {
  const hours = `${s.half === 'AM' ? '上午' : '下午'} ${s.start.slice(11, 16)}-${s.end.slice(11, 16)}`;
  return {
    resourceType: 'Slot',
    id: s.sourceSlotId,
    meta: { versionId: String(s.version), lastUpdated: s.lastUpdated },
    ...(profile === 'enriched' && { extension: slotExtensions(s) }),
    ...deptCodings(hospitalId, s),
    schedule: { reference: `Schedule/${scheduleId(s.doctorCode)}` },
    status: fhirStatus(s),
    start: s.start,
    end: s.end,
    comment: s.status === 'cancelled' ? `${hours} 停诊` : hours,
  };
}

export type ScheduleResource = ReturnType<typeof schedulesOf>[number];

/** One Schedule per publishing doctor (a doctor works in one department). */
export function schedulesOf(
  book: SlotBook,
  windowStartMs: number,
  windowEndMs: number,
  profile: FeedProfile,
) {
  const { entry, doctors, depts, hospitalId } = book.plan;
  const deptByCode = new Map(depts.map((d) => [d.deptCode, d]));
  const campus = new Map(entry.hospital.campuses.map((c) => [c.campusCode, c.campusName]));
  return doctors.map((doc) => {
    const dept = deptByCode.get(doc.deptCode);
    if (!dept) throw new Error(`doctor ${doc.doctorCode} has no published department`);
    return {
      resourceType: 'Schedule' as const,
      id: scheduleId(doc.doctorCode),
      meta: { lastUpdated: isoBeijing(windowStartMs, true) },
      ...(profile === 'enriched' && {
        extension: [{ url: `${EXT}/practitioner-title`, valueString: doc.titleName }],
      }),
      active: true,
      ...deptCodings(hospitalId, dept),
      actor: [
        { reference: `Practitioner/${doc.doctorCode}`, display: doc.doctorName },
        { reference: `HealthcareService/${dept.deptCode}`, display: dept.deptName },
        { reference: `Location/${dept.campusCode}`, display: campus.get(dept.campusCode) ?? '' },
      ],
      planningHorizon: { start: isoBeijing(windowStartMs), end: isoBeijing(windowEndMs) },
      comment: `${dept.deptName} ${doc.doctorName}（${doc.titleName}）`,
    };
  });
}

export function operationOutcome(code: string, diagnostics: string, severity = 'error') {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}
