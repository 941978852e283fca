import { ANALYTES, convert, type AnalyteKey } from '@jiankang/shared/domain';
import { createRng, type Rng, type Seed } from '../lib/prng';
import { doctorName } from '../regional/seed/names';
import type { HospitalEntry } from '../regional/types';
import { ANALYTE_SPECS, IMAGING_EXAMS, LAB_PANELS, type AnalyteSpec } from './panels';
import { reportPdf } from './pdf';
import type { ReportProfile } from './profiles';
import type { SeededVisit } from './seed';
import type { LabResult, SimReport } from './types';

/**
 * Conventional units, the decimals printed and the reference range as a US-built LIS prints it
 * (`<200`, not the `<201` a straight conversion of 5.2 mmol/L would give).
 */
const CONVENTIONAL: Readonly<
  Partial<Record<AnalyteKey, { unit: string; decimals: number; low?: number; high?: number }>>
> = {
  glucose: { unit: 'mg/dL', decimals: 0, low: 70, high: 110 },
  cholesterol: { unit: 'mg/dL', decimals: 0, high: 200 },
  triglycerides: { unit: 'mg/dL', decimals: 0, high: 150 },
  hdl: { unit: 'mg/dL', decimals: 0, low: 40 },
  ldl: { unit: 'mg/dL', decimals: 0, high: 130 },
  creatinine: { unit: 'mg/dL', decimals: 2, low: 0.64, high: 1.26 },
  'uric-acid': { unit: 'mg/dL', decimals: 1, low: 3.5, high: 7.2 },
  hemoglobin: { unit: 'g/dL', decimals: 1, low: 11.5, high: 15 },
  wbc: { unit: '10*3/uL', decimals: 2, low: 3.5, high: 9.5 },
  platelets: { unit: '10*3/uL', decimals: 0, low: 125, high: 350 },
};

const round = (x: number, decimals: number) => Number(x.toFixed(decimals));

interface Measured {
  value: number;
  unit: string;
  decimals: number;
  low?: number;
  high?: number;
}

/** One value drawn in SI, then given in this hospital's units with the range it prints there. */
function measure(spec: AnalyteSpec, rng: Rng, profile: ReportProfile): Measured {
  const [from, to] = rng.chance(0.15) ? spec.abnormal : spec.typical;
  const si = from + rng.next() * (to - from);
  const siUnit = ANALYTES[spec.key].unit;
  const target = profile.units === 'conventional' ? CONVENTIONAL[spec.key] : undefined;
  if (!target)
    return {
      value: round(si, spec.decimals),
      unit: siUnit,
      decimals: spec.decimals,
      low: spec.low,
      high: spec.high,
    };
  return {
    value: round(convert(si, siUnit, target.unit, spec.key) ?? si, target.decimals),
    unit: target.unit,
    decimals: target.decimals,
    low: target.low,
    high: target.high,
  };
}

function flagOf(m: Measured, spec: AnalyteSpec): 'H' | 'L' | 'N' {
  const { value, low, high } = m;
  if (low !== undefined && (value < low || (value === low && spec.lowExclusive))) return 'L';
  if (high !== undefined && (value > high || (value === high && spec.highExclusive))) return 'H';
  return 'N';
}

function labResult(spec: AnalyteSpec, index: number, rng: Rng, profile: ReportProfile): LabResult {
  const m = measure(spec, rng, profile);
  const { high } = m;
  let low = m.low;
  let range: string;
  if (low !== undefined && high !== undefined) range = profile.between(String(low), String(high), index);
  else if (high !== undefined && profile.upperAsZeroTo && !spec.highExclusive) {
    low = 0;
    range = profile.between('0', String(high), index);
  } else if (high !== undefined) range = profile.upper(String(high), !spec.highExclusive);
  else range = profile.lower(String(low), !spec.lowExclusive);
  const flag = profile.flags?.[flagOf({ ...m, low }, spec)];
  const loinc = profile.loinc[spec.key];
  return {
    code: spec.code,
    name: spec.name,
    ...(loinc && { loinc }),
    value: m.value,
    decimals: m.decimals,
    unit: profile.spelling[m.unit] ?? m.unit,
    ucum: m.unit,
    ...(low !== undefined && { low }),
    ...(high !== undefined && { high }),
    range,
    ...(flag !== undefined && { flag }),
  };
}

export interface ReportContext {
  seed: Seed;
  hospitalId: string;
  masterId: string;
  profile: ReportProfile;
  /** The hospital's departments and doctors, for 开单科室 / 开单医生. */
  staff: HospitalEntry;
}

/** The full report of one seeded visit; depends only on the seed, hospital, person and visit. */
export function seededReport(visit: SeededVisit, c: ReportContext): SimReport {
  const rng = createRng(`${String(c.seed)}:${c.hospitalId}:${c.masterId}:report:${visit.ordinal}`);
  const doctor = rng.pick(c.staff.doctors);
  const deptName = c.staff.departments.find((d) => d.deptCode === doctor.deptCode)?.deptName ?? '门诊';
  const reviewer = doctorName(rng, rng.chance(0.5) ? 'M' : 'F');
  const base = {
    id: visit.id,
    hospitalId: c.hospitalId,
    masterId: c.masterId,
    status: 'final' as const,
    effective: visit.effective,
    issued: visit.issued,
    deptName,
    doctorName: doctor.doctorName,
    reviewer,
    source: 'seed' as const,
  };
  if (visit.category === 'lab') {
    const panel = rng.weighted(LAB_PANELS.map((p) => [p, p.weight] as const));
    return {
      ...base,
      category: 'lab',
      code: panel.code,
      title: panel.title,
      ...(panel.loinc && { loinc: panel.loinc }),
      specimen: panel.specimen,
      results: panel.items.map((code, i) => labResult(ANALYTE_SPECS[code] as AnalyteSpec, i, rng, c.profile)),
    };
  }
  const exam = rng.pick(IMAGING_EXAMS);
  const reading = rng.chance(0.35) ? exam.abnormal : exam.normal;
  const attachment =
    c.profile.pdf === 'none'
      ? undefined
      : {
          contentType: 'application/pdf',
          title: `${exam.title}报告.pdf`,
          data: reportPdf([
            `Imaging report ${visit.id}`,
            `${exam.modality} ${exam.code}`,
            `Exam time ${visit.effective}`,
            `Issued ${visit.issued}`,
          ]),
        };
  return {
    ...base,
    category: 'imaging',
    code: exam.code,
    title: exam.title,
    results: [],
    modality: exam.modality,
    bodySite: exam.bodySite,
    findings: reading.findings,
    conclusion: reading.conclusion,
    ...(attachment && { attachment }),
  };
}
