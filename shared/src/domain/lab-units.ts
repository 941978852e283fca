import { ANALYTES, type AnalyteKey } from './analytes';

/**
 * Lab units as the hospitals spell them, and the conversions that matter when one hospital
 * reports glucose in mg/dL and another in mmol/L. Units are kept as UCUM codes (`umol/L`,
 * `10*9/L`), the spelling FHIR sends; `unitLabel` gives the way residents read them (μmol/L).
 */
export type LabUnit =
  'g/L' | 'g/dL' | 'mg/dL' | 'mg/L' | 'mmol/L' | 'umol/L' | '10*9/L' | '10*12/L' | 'U/L' | '%';

type Dimension = 'mass' | 'amount' | 'count' | 'activity' | 'fraction';

/** Each unit's dimension and its size in that dimension's base (g/L, mmol/L, 10⁹/L, U/L, %). */
const UNITS: Readonly<Record<LabUnit, { dimension: Dimension; scale: number; label: string }>> = {
  'g/L': { dimension: 'mass', scale: 1, label: 'g/L' },
  'g/dL': { dimension: 'mass', scale: 10, label: 'g/dL' },
  'mg/dL': { dimension: 'mass', scale: 0.01, label: 'mg/dL' },
  'mg/L': { dimension: 'mass', scale: 0.001, label: 'mg/L' },
  'mmol/L': { dimension: 'amount', scale: 1, label: 'mmol/L' },
  'umol/L': { dimension: 'amount', scale: 0.001, label: 'μmol/L' },
  '10*9/L': { dimension: 'count', scale: 1, label: '×10⁹/L' },
  '10*12/L': { dimension: 'count', scale: 1000, label: '×10¹²/L' },
  'U/L': { dimension: 'activity', scale: 1, label: 'U/L' },
  '%': { dimension: 'fraction', scale: 1, label: '%' },
};

/** Spellings, after folding (see `foldUnit`), to the unit they mean. */
const SPELLINGS: Readonly<Record<string, LabUnit>> = {
  'g/l': 'g/L',
  'g/dl': 'g/dL',
  'mg/dl': 'mg/dL',
  'mg/l': 'mg/L',
  'mmol/l': 'mmol/L',
  'umol/l': 'umol/L',
  '10*9/l': '10*9/L',
  // 10³ per microlitre is 10⁹ per litre: the US way of writing the same count.
  '10*3/ul': '10*9/L',
  'k/ul': '10*9/L',
  '10*12/l': '10*12/L',
  '10*6/ul': '10*12/L',
  'u/l': 'U/L',
  'iu/l': 'U/L',
  '%': '%',
};

const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
};

/**
 * One lower-case spelling per unit: `×10⁹/L`, `10^9/L`, `10E9/L` → `10*9/l`; `μmol/L` (Greek mu),
 * `µmol/L` (micro sign), `umol/L` → `umol/l`; full-width `ｍｍｏｌ／Ｌ` → `mmol/l`.
 */
function foldUnit(unit: string): string {
  // Superscripts first: NFKC would turn 10⁹ into a plain 109.
  const raised = unit.replace(
    /10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g,
    (_, exp: string) => `10^${[...exp].map((c) => SUPERSCRIPTS[c]).join('')}`,
  );
  return raised
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[μµ]/g, 'u')
    .replace(/^[×xX*]\s*(?=10)/, '')
    .replace(/^10(?:\^|\*|e|E)(\d+)/, '10*$1')
    .toLowerCase();
}

/**
 * The unit a spelling means, or null when we do not know it. `G/L` (giga per litre, 10⁹/L in
 * some labs) is refused: folded it reads as g/L, grams, and a guess either way would be wrong.
 */
export function normalizeUnit(unit: string | null | undefined): LabUnit | null {
  if (typeof unit !== 'string' || unit.trim() === 'G/L') return null;
  return SPELLINGS[foldUnit(unit)] ?? null;
}

/** How a unit is shown to residents, e.g. `μmol/L`, `×10⁹/L`. */
export function unitLabel(unit: LabUnit): string {
  return UNITS[unit].label;
}

/**
 * A value in another unit: same dimension by scale (g/dL → g/L ×10, mmol/L → μmol/L ×1000);
 * mass ↔ amount of substance by the analyte's molar mass (glucose mg/dL ÷ 18.016 = mmol/L).
 * Null for a pair we cannot convert (unknown unit, U/L → mmol/L, mg/dL → mmol/L without an
 * analyte or for one without a molar mass) or a value that is not finite. Never throws.
 */
export function convert(
  value: number,
  fromUnit: string,
  toUnit: string,
  analyte?: AnalyteKey | null,
): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const fromKey = normalizeUnit(fromUnit);
  const toKey = normalizeUnit(toUnit);
  if (!fromKey || !toKey) return null;
  if (fromKey === toKey) return value;
  const from = UNITS[fromKey];
  const to = UNITS[toKey];
  if (from.dimension === to.dimension) return (value * from.scale) / to.scale;
  const molarMass = analyte && Object.hasOwn(ANALYTES, analyte) ? ANALYTES[analyte].molarMass : undefined;
  if (!molarMass) return null;
  // g/L ÷ g/mol = mol/L, ×1000 = mmol/L (and back).
  if (from.dimension === 'mass' && to.dimension === 'amount')
    return (((value * from.scale) / molarMass) * 1000) / to.scale;
  if (from.dimension === 'amount' && to.dimension === 'mass')
    return (((value * from.scale) / 1000) * molarMass) / to.scale;
  return null;
}
