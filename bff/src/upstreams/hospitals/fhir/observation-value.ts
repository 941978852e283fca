import { conceptText, type ObservationValue, type Quantity } from './report-resources';

/** A value as a resident reads it, and its unit; `problem` when the type is one we do not show. */
export interface ShownValue {
  value?: string;
  unit?: string;
  problem?: string;
}

/** A number as written, without an exponent or float noise (`0.1 + 0.2` is not a lab value). */
const num = (n: number) => String(Number(n.toPrecision(12)));
const unitOf = (q: Quantity | undefined) => q?.unit ?? q?.code;

function quantityText(q: Quantity): string | undefined {
  if (q.value === undefined) return undefined;
  return `${q.comparator ?? ''}${num(q.value)}`;
}

/**
 * value[x] → what is shown. A Quantity without a comparator and an integer stay plain numbers,
 * so flags and trends read them; `<5` (comparator), ranges (`2-4`), ratios (`1:128`), concepts
 * (`阴性`) and booleans (是 / 否) are shown as written and flag nothing by themselves.
 */
export function shownValue(v: ObservationValue): ShownValue {
  if (v.valueQuantity) return { value: quantityText(v.valueQuantity), unit: unitOf(v.valueQuantity) };
  if (v.valueInteger !== undefined) return { value: String(v.valueInteger) };
  if (v.valueString !== undefined) return { value: v.valueString };
  if (v.valueCodeableConcept) return { value: conceptText(v.valueCodeableConcept) };
  if (v.valueBoolean !== undefined) return { value: v.valueBoolean ? '是' : '否' };
  if (v.valueRange) {
    const low = v.valueRange.low?.value;
    const high = v.valueRange.high?.value;
    const unit = unitOf(v.valueRange.low) ?? unitOf(v.valueRange.high);
    if (low !== undefined && high !== undefined) return { value: `${num(low)}-${num(high)}`, unit };
    if (low !== undefined) return { value: `≥${num(low)}`, unit };
    if (high !== undefined) return { value: `≤${num(high)}`, unit };
    return {};
  }
  if (v.valueRatio) {
    const n = v.valueRatio.numerator?.value;
    const d = v.valueRatio.denominator?.value;
    if (n === undefined) return {};
    // A titre (1:128) is written with its denominator; a ratio per unit (3 per 1) too.
    return { value: d === undefined ? num(n) : `${num(n)}:${num(d)}`, unit: unitOf(v.valueRatio.numerator) };
  }
  if (v.valueDateTime !== undefined) return { value: v.valueDateTime };
  if (v.valueTime !== undefined) return { value: v.valueTime };
  if (v.valuePeriod) return { value: `${v.valuePeriod.start ?? ''}~${v.valuePeriod.end ?? ''}` };
  if (v.valueSampledData !== undefined) return { problem: 'value is sampled data (a waveform), not shown' };
  return {};
}
