import type { ReportType } from '@jiankang/shared';
import type { DiagnosticReport } from './report-resources';

const SECTION = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const LOINC = 'http://loinc.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/**
 * v2-0074 sections filed as 检查: imaging (RAD, CT, NMR, NMS, US sections, XRC, RX) and the
 * physiological exams a resident also reads as 检查 reports, done on the person rather than on a
 * specimen: EC (ECG, Holter), EN (EEG, EMG), CG / CTH (cardiac catheterisation), PF (pulmonary
 * function), AU (audiology). Every other section — LAB, HM, CH, MB, SP, CP, SR, URN, BG, BLB, IMM,
 * TX, VR, MYC, PAR, PAT, OSL and the rest — is a 检验 report.
 */
const EXAM_SECTIONS = new Set([
  'RAD',
  'CT',
  'NMR',
  'NMS',
  'US',
  'CUS',
  'OUS',
  'RUS',
  'VUS',
  'XRC',
  'RX',
  'EC',
  'EN',
  'CG',
  'CTH',
  'PF',
  'AU',
]);
/** LOINC report categories (LP parts used by US Core): Radiology and Cardiology are exams. */
const EXAM_LOINC = new Set(['LP29684-5', 'LP29708-2']);
const LAB_LOINC = new Set(['LP7839-6']);

/**
 * 检验 or 检查 from the report's category, read on our side (the 检验 tab never asks the server
 * for one section). A v2-0074 section decides; else a LOINC category (LP29684-5 Radiology,
 * LP29708-2 Cardiology → 检查; LP7839-6 Pathology → 检验); else an observation-category code
 * (`imaging`, `procedure` → 检查, `laboratory` → 检验). With no category we can read, a report
 * that carries results is a 检验 report, and one with only a conclusion or a PDF is a 检查 report.
 */
export function reportTypeOf(r: DiagnosticReport): ReportType {
  const codings = r.category.flatMap((c) => c.coding);
  const sections = codings.filter((c) => c.system === SECTION).map((c) => (c.code ?? '').toUpperCase());
  if (sections.length > 0) return sections.some((c) => EXAM_SECTIONS.has(c)) ? 'imaging' : 'lab';
  const loinc = codings.filter((c) => c.system === LOINC).map((c) => c.code ?? '');
  if (loinc.some((c) => EXAM_LOINC.has(c))) return 'imaging';
  if (loinc.some((c) => LAB_LOINC.has(c))) return 'lab';
  const obs = codings.filter((c) => c.system === OBSERVATION_CATEGORY).map((c) => c.code ?? '');
  if (obs.some((c) => c === 'imaging' || c === 'procedure')) return 'imaging';
  if (obs.includes('laboratory')) return 'lab';
  if (r.result.length > 0) return 'lab';
  return r.conclusion !== undefined || r.presentedForm.length > 0 ? 'imaging' : 'lab';
}
