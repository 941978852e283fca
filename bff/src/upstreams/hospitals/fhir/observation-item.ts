import type { ReportItem } from '@jiankang/shared';
import { labItem } from '../common/report-source';
import { shownValue } from './observation-value';
import { chooseRange, type Demographics } from './reference-range-choice';
import { codeIn, conceptText, type Concept, type Observation } from './report-resources';

const LOINC = 'http://loinc.org';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const LAB_ITEM = /^urn:jiankang:hospital-lab-item:/;

/** The interpretation code: v3-ObservationInterpretation first, else any code, else the text. */
function interpretationOf(concepts: readonly Concept[]): string | undefined {
  for (const c of concepts) {
    const v3 = c.coding.find((x) => x.system === INTERPRETATION && x.code)?.code;
    if (v3) return v3;
  }
  const first = concepts[0];
  return first?.coding.find((x) => x.code)?.code ?? first?.text;
}

/** `收缩压 120 mmHg；舒张压 80 mmHg`: components shown in one line when there is no value of its own. */
function componentsText(o: Observation): string | undefined {
  const parts = o.component.map((c) => {
    const v = shownValue(c);
    return [conceptText(c.code), v.value, v.unit].filter(Boolean).join(' ');
  });
  return parts.length > 0 ? parts.join('；') : undefined;
}

/**
 * Observation → our item: value[x] shown (numeric where it is a plain number), the reference
 * range that applies to this person at `at`, the hospital's interpretation, dataAbsentReason.
 */
export function observationItem(o: Observation, who: Demographics, at: Date): ReportItem {
  const shown = shownValue(o);
  const value = shown.value ?? (shown.problem ? undefined : componentsText(o));
  const range = chooseRange(o.referenceRange, who, at);
  const absent = o.dataAbsentReason;
  const problems = [shown.problem, range?.problem].filter((p): p is string => p !== undefined);
  return labItem({
    code: codeIn(o.code, LAB_ITEM),
    loinc: codeIn(o.code, LOINC),
    name: conceptText(o.code) ?? o.id,
    value,
    absentReason: absent ? (absent.coding[0]?.code ?? absent.text ?? 'absent') : undefined,
    unit: shown.unit,
    rangeText: range?.text,
    low: range?.low,
    high: range?.high,
    hospitalFlag: interpretationOf(o.interpretation),
    problems,
  });
}
