import { createHash } from 'node:crypto';
import type { ReportProfile } from '../../reports/profiles';
import type { LabResult, SimReport } from '../../reports/types';
import { escapeXml } from '../his/xml';
import { EMPI_SYSTEM } from './appointments';
import { EXT } from './resources';

/** HL7 v2 table 0074 (diagnostic service section): LAB 检验, RAD 检查. */
export const DIAGNOSTIC_SECTION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const DATA_ABSENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
export const LOINC_SYSTEM = 'http://loinc.org';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const reportIdSystem = (hospitalId: string) => `urn:jiankang:hospital-report:${hospitalId}`;
export const reportCodeSystem = (hospitalId: string) => `urn:jiankang:hospital-report-code:${hospitalId}`;
export const labItemSystem = (hospitalId: string) => `urn:jiankang:hospital-lab-item:${hospitalId}`;
/** Radiology Study observation (narrative): where a hospital puts 影像所见 as an Observation. */
export const FINDINGS_LOINC = '18782-3';
export const FINDINGS_SUFFIX = 'F';

export const SECTION = { lab: 'LAB', imaging: 'RAD' } as const;
const SECTION_DISPLAY = { lab: 'Laboratory', imaging: 'Radiology' } as const;

const INTERPRETATIONS: Readonly<Record<string, { code: string; display: string }>> = {
  H: { code: 'H', display: 'High' },
  '↑': { code: 'H', display: 'High' },
  HH: { code: 'HH', display: 'Critical high' },
  L: { code: 'L', display: 'Low' },
  '↓': { code: 'L', display: 'Low' },
  LL: { code: 'LL', display: 'Critical low' },
  N: { code: 'N', display: 'Normal' },
  A: { code: 'A', display: 'Abnormal' },
};

const withMillis = (iso: string) => iso.replace(/(:\d{2})(\+08:00)$/, '$1.000$2');
/** The hospital's own Patient id for a person: what a real server puts in `subject.reference`. */
export const patientIdOf = (masterId: string) => `pt-${masterId.toLowerCase()}`;

/** The plain R4 way: the subject is a reference to the hospital's Patient, not our identifier. */
const subject = (r: SimReport) => ({ reference: `Patient/${patientIdOf(r.masterId)}` });

/** The hospital's Patient, with the EMPI number among its identifiers (how a client finds it). */
export const patientResource = (masterId: string) => ({
  resourceType: 'Patient',
  id: patientIdOf(masterId),
  identifier: [{ system: EMPI_SYSTEM, value: masterId }],
  active: true,
});
const meta = (r: SimReport) => ({ versionId: '1', lastUpdated: withMillis(r.issued) });

/** The value as FHIR carries it: a Quantity, a string, or why there is none (`NaN`). */
function value(x: LabResult) {
  const unit = {
    ...(x.unit !== undefined && { unit: x.unit }),
    ...(x.ucum !== undefined && { system: UCUM_SYSTEM, code: x.ucum }),
  };
  if (typeof x.value === 'number') return { valueQuantity: { value: x.value, ...unit } };
  if (x.value.trim().toUpperCase() === 'NAN')
    return {
      dataAbsentReason: {
        coding: [{ system: DATA_ABSENT_SYSTEM, code: 'not-a-number', display: 'Not a Number (NaN)' }],
        text: x.value,
      },
    };
  return { valueString: x.value };
}

function referenceRange(x: LabResult) {
  const quantity = (v: number) => ({
    value: v,
    ...(x.unit !== undefined && { unit: x.unit }),
    ...(x.ucum !== undefined && { system: UCUM_SYSTEM, code: x.ucum }),
  });
  if (x.low === undefined && x.high === undefined && x.range === undefined) return {};
  const range = {
    ...(x.low !== undefined && { low: quantity(x.low) }),
    ...(x.high !== undefined && { high: quantity(x.high) }),
    ...(x.range !== undefined && { text: x.range }),
  };
  return { referenceRange: [range] };
}

function interpretation(x: LabResult) {
  if (x.flag === undefined || x.flag.trim() === '') return {};
  const known = INTERPRETATIONS[x.flag.trim().toUpperCase()];
  return {
    interpretation: [
      known ? { coding: [{ system: INTERPRETATION_SYSTEM, ...known }], text: x.flag } : { text: x.flag },
    ],
  };
}

export const observationId = (reportId: string, item: number | typeof FINDINGS_SUFFIX) =>
  `${reportId}-${item}`;

export function labObservation(r: SimReport, index: number) {
  const x = r.results[index] as LabResult;
  return {
    resourceType: 'Observation' as const,
    id: observationId(r.id, index + 1),
    meta: meta(r),
    status: r.status,
    category: [
      { coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'laboratory', display: 'Laboratory' }] },
    ],
    code: {
      coding: [
        ...(x.loinc ? [{ system: LOINC_SYSTEM, code: x.loinc }] : []),
        { system: labItemSystem(r.hospitalId), code: x.code, display: x.name },
      ],
      text: x.name,
    },
    subject: subject(r),
    effectiveDateTime: r.effective,
    issued: r.issued,
    ...value(x),
    ...interpretation(x),
    ...referenceRange(x),
  };
}

export function findingsObservation(r: SimReport) {
  return {
    resourceType: 'Observation' as const,
    id: observationId(r.id, FINDINGS_SUFFIX),
    meta: meta(r),
    status: r.status,
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: 'imaging', display: 'Imaging' }] }],
    code: {
      coding: [
        { system: LOINC_SYSTEM, code: FINDINGS_LOINC, display: 'Radiology Study observation (narrative)' },
      ],
      text: '影像所见',
    },
    subject: subject(r),
    effectiveDateTime: r.effective,
    issued: r.issued,
    valueString: r.findings ?? '',
  };
}

export type ObservationResource = ReturnType<typeof labObservation> | ReturnType<typeof findingsObservation>;

/** The Observations a report's `result` points at, in order. */
export function observationsOf(r: SimReport, profile: ReportProfile): ObservationResource[] {
  if (r.category === 'lab') return r.results.map((_, i) => labObservation(r, i));
  return profile.findings === 'observation' && r.findings !== undefined ? [findingsObservation(r)] : [];
}

function narrative(r: SimReport) {
  const para = (label: string, body: string | undefined) =>
    body === undefined ? '' : `<p><b>${label}：</b>${escapeXml(body)}</p>`;
  return {
    status: 'generated',
    div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(r.title)}</p>${para('检查所见', r.findings)}${para('诊断意见', r.conclusion)}</div>`,
  };
}

/** `presentedForm`: the PDF inline (base64) or, at a hospital that serves files, its Binary URL. */
function presentedForm(r: SimReport, profile: ReportProfile, fhirBaseUrl: string) {
  const a = r.attachment;
  if (!a) return {};
  const common = {
    contentType: a.contentType,
    language: 'zh-CN',
    title: a.title,
    size: a.data.length,
    hash: createHash('sha1').update(a.data).digest('base64'),
    creation: r.issued,
  };
  const where =
    profile.pdf === 'url' ? { url: `${fhirBaseUrl}/Binary/${r.id}` } : { data: a.data.toString('base64') };
  return { presentedForm: [{ ...common, ...where }] };
}

/** `DiagnosticReport.category`: v2-0074 LAB or RAD. */
export const reportCategory = (r: SimReport) => [
  {
    coding: [
      { system: DIAGNOSTIC_SECTION_SYSTEM, code: SECTION[r.category], display: SECTION_DISPLAY[r.category] },
    ],
    text: r.category === 'lab' ? '检验' : '检查',
  },
];

/** `DiagnosticReport.code`: the panel's LOINC where there is one, and the hospital's own code. */
export const reportCode = (r: SimReport) => ({
  coding: [
    ...(r.loinc ? [{ system: LOINC_SYSTEM, code: r.loinc }] : []),
    { system: reportCodeSystem(r.hospitalId), code: r.code, display: r.title },
  ],
  text: r.title,
});

/**
 * A DiagnosticReport in the plain R4 shape; with `enrichments`, also our optional extensions
 * (ordering department and doctor, which R4 has no field for).
 */
export function diagnosticReport(
  r: SimReport,
  profile: ReportProfile,
  fhirBaseUrl: string,
  enrichments = false,
) {
  const observations = observationsOf(r, profile);
  const showNarrative = r.category === 'imaging' && profile.findings === 'narrative';
  return {
    resourceType: 'DiagnosticReport' as const,
    id: r.id,
    meta: meta(r),
    ...(showNarrative && { text: narrative(r) }),
    ...(enrichments && {
      extension: [
        { url: `${EXT}/report-department`, valueString: r.deptName },
        ...(r.doctorName ? [{ url: `${EXT}/report-orderer`, valueString: r.doctorName }] : []),
      ],
    }),
    identifier: [{ system: reportIdSystem(r.hospitalId), value: r.id }],
    status: r.status,
    category: reportCategory(r),
    code: reportCode(r),
    subject: subject(r),
    effectiveDateTime: r.effective,
    issued: r.issued,
    performer: [{ display: r.category === 'lab' ? '检验科' : r.modality === 'US' ? '超声科' : '放射科' }],
    ...(r.reviewer && { resultsInterpreter: [{ display: r.reviewer }] }),
    ...(r.specimen && { specimen: [{ display: r.specimen }] }),
    ...(observations.length > 0 && {
      result: observations.map((o) => ({ reference: `Observation/${o.id}`, display: o.code.text })),
    }),
    ...(r.conclusion !== undefined && { conclusion: r.conclusion }),
    ...presentedForm(r, profile, fhirBaseUrl),
  };
}
