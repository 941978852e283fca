import { createHash } from 'node:crypto';
import { normalizeUnit, toBeijingIso, type ReportItem } from '@jiankang/shared';
import type { ReportExportInput } from './export-input';
import type { Bundle, CodeableConcept, Observation, Quantity, Reference } from './fhir-types';

const EMPI = 'urn:jiankang:empi';
const HOSPITAL = 'urn:jiankang:hospital';
const REPORT = 'urn:jiankang:report';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const SECTION = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const ABSENT = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
/** LOINC 18782-3 "Radiology Study observation (narrative)": where the FHIR hospitals put 影像所见 too. */
const FINDINGS_LOINC = '18782-3';

const FLAGS = {
  H: { display: 'High', text: '偏高' },
  L: { display: 'Low', text: '偏低' },
  N: { display: 'Normal', text: '正常' },
} as const;

/**
 * A name-based UUID (SHA-1, RFC 4122 version 5 layout) from the report id and the entry's role,
 * so one report always exports with the same fullUrls and two exports can be diffed.
 */
function urn(reportId: string, role: string): string {
  const h = createHash('sha1').update(`jiankang-report-export\n${reportId}\n${role}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A UCUM quantity only when the unit is one we know; a guessed code would mislead a receiver more than none. */
function quantity(value: number, unit: string | undefined): Quantity | undefined {
  const code = normalizeUnit(unit);
  return code ? { value, unit: unit ?? code, system: UCUM, code } : undefined;
}

function itemCode(item: ReportItem, hospitalId: string): CodeableConcept {
  const coding = [];
  if (item.loinc) coding.push({ system: LOINC, code: item.loinc });
  // The same system the FHIR adapter reads back, so a re-import keeps the hospital's own code.
  if (item.code) coding.push({ system: `urn:jiankang:hospital-lab-item:${hospitalId}`, code: item.code });
  return { ...(coding.length > 0 && { coding }), text: item.name };
}

/** The value as a number with a UCUM unit, else the printed text, else why there is none. */
function value(item: ReportItem): Pick<Observation, 'valueQuantity' | 'valueString' | 'dataAbsentReason'> {
  const q = item.numericValue !== undefined ? quantity(item.numericValue, item.unit) : undefined;
  if (q) return { valueQuantity: q };
  if (/^nan$/i.test(item.value))
    return {
      dataAbsentReason: { coding: [{ system: ABSENT, code: 'not-a-number', display: 'Not a Number (NaN)' }] },
    };
  if (item.value === '')
    return { dataAbsentReason: { coding: [{ system: ABSENT, code: 'unknown', display: 'Unknown' }] } };
  return { valueString: item.unit ? `${item.value} ${item.unit}` : item.value };
}

function observation(
  item: ReportItem,
  input: ReportExportInput,
  subject: Reference,
  performer: Reference,
): Observation {
  const { detail } = input;
  const range = item.range;
  const low = range?.low !== undefined ? quantity(range.low, item.unit) : undefined;
  const high = range?.high !== undefined ? quantity(range.high, item.unit) : undefined;
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: 'laboratory', display: 'Laboratory' }] }],
    code: itemCode(item, detail.hospitalId),
    subject,
    performer: [performer],
    issued: toBeijingIso(detail.issuedAt),
    ...value(item),
    ...(item.flag && {
      interpretation: [
        {
          coding: [{ system: INTERPRETATION, code: item.flag, display: FLAGS[item.flag].display }],
          text: FLAGS[item.flag].text,
        },
      ],
    }),
    ...(range && { referenceRange: [{ ...(low && { low }), ...(high && { high }), text: range.text }] }),
    ...(item.problems.length > 0 && { note: item.problems.map((text) => ({ text })) }),
  };
}

function findingsObservation(
  text: string,
  input: ReportExportInput,
  subject: Reference,
  performer: Reference,
): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: 'imaging', display: 'Imaging' }] }],
    code: { coding: [{ system: LOINC, code: FINDINGS_LOINC }], text: '影像所见' },
    subject,
    performer: [performer],
    issued: toBeijingIso(input.detail.issuedAt),
    valueString: text,
  };
}

/**
 * One report as a FHIR R4 `collection` Bundle: Patient, Organization, DiagnosticReport, then its
 * Observations, referencing each other by urn:uuid fullUrls. Not a `document`: that needs a
 * Composition with sections and an attester for no gain to a resident sharing one report.
 */
export function toFhirBundle(input: ReportExportInput): Bundle {
  const { detail, patient, hospitalName, generatedAt } = input;
  const patientUrl = urn(detail.id, 'patient');
  const orgUrl = urn(detail.id, 'organization');
  const subject = { reference: patientUrl, display: patient.name };
  const performer = { reference: orgUrl, display: hospitalName };
  const observations = detail.items.map((item, i) => ({
    fullUrl: urn(detail.id, `item:${i}`),
    resource: observation(item, input, subject, performer),
  }));
  if (detail.findings)
    observations.push({
      fullUrl: urn(detail.id, 'findings'),
      resource: findingsObservation(detail.findings, input, subject, performer),
    });
  const lab = detail.type === 'lab';
  return {
    resourceType: 'Bundle',
    identifier: { system: REPORT, value: `${detail.id}@${generatedAt.toISOString()}` },
    type: 'collection',
    timestamp: toBeijingIso(generatedAt),
    entry: [
      {
        fullUrl: patientUrl,
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: EMPI, value: patient.masterId }],
          name: [{ text: patient.name }],
          gender: patient.gender === 'M' ? 'male' : patient.gender === 'F' ? 'female' : 'unknown',
          ...(patient.birthDate && { birthDate: patient.birthDate }),
        },
      },
      {
        fullUrl: orgUrl,
        resource: {
          resourceType: 'Organization',
          identifier: [{ system: HOSPITAL, value: detail.hospitalId }],
          name: hospitalName,
        },
      },
      {
        fullUrl: urn(detail.id, 'report'),
        resource: {
          resourceType: 'DiagnosticReport',
          identifier: [{ system: REPORT, value: detail.id }],
          status: 'final',
          category: [
            {
              coding: [
                lab
                  ? { system: SECTION, code: 'LAB', display: 'Laboratory' }
                  : { system: SECTION, code: 'RAD', display: 'Radiology' },
              ],
              text: lab ? '检验' : '检查',
            },
          ],
          code: { text: detail.title },
          subject,
          issued: toBeijingIso(detail.issuedAt),
          performer: [performer],
          ...(observations.length > 0 && { result: observations.map((o) => ({ reference: o.fullUrl })) }),
          ...(detail.conclusion && { conclusion: detail.conclusion }),
        },
      },
      ...observations,
    ],
  };
}
