import fc from 'fast-check';
import { ANALYTES, type AnalyteKey } from './analytes';
import { convert, normalizeUnit, unitLabel, type LabUnit } from './lab-units';

describe('normalizeUnit', () => {
  it.each([
    ['mmol/L', 'mmol/L'],
    ['mmol/l', 'mmol/L'],
    ['MMOL/L', 'mmol/L'],
    ['ｍｍｏｌ／Ｌ', 'mmol/L'],
    [' mmol / L ', 'mmol/L'],
    ['umol/L', 'umol/L'],
    ['μmol/L', 'umol/L'],
    ['µmol/L', 'umol/L'],
    ['mg/dL', 'mg/dL'],
    ['mg/dl', 'mg/dL'],
    ['g/dL', 'g/dL'],
    ['g/L', 'g/L'],
    ['10^9/L', '10*9/L'],
    ['10*9/L', '10*9/L'],
    ['×10⁹/L', '10*9/L'],
    ['x10^9/L', '10*9/L'],
    ['10E9/L', '10*9/L'],
    ['10*3/uL', '10*9/L'],
    ['10^3/μL', '10*9/L'],
    ['10^12/L', '10*12/L'],
    ['×10¹²/L', '10*12/L'],
    ['U/L', 'U/L'],
    ['IU/L', 'U/L'],
    ['%', '%'],
  ])('when a hospital writes %p, then the unit is %p', (written, unit) => {
    expect(normalizeUnit(written)).toBe(unit);
  });

  it.each(['', 'G/L', 'mEq/L', 'cells', '个/HP', '10^9', 'mmol'])(
    'when a hospital writes %p, then the unit is not known',
    (written) => {
      expect(normalizeUnit(written)).toBeNull();
    },
  );

  it('when a unit is shown, then micro and powers of ten read the usual way', () => {
    expect(unitLabel('umol/L')).toBe('μmol/L');
    expect(unitLabel('10*9/L')).toBe('×10⁹/L');
    expect(unitLabel('mmol/L')).toBe('mmol/L');
  });

  it('when any string is a unit, then it never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (u) => normalizeUnit(u) !== undefined));
  });
});

describe('convert', () => {
  it.each<[number, string, string, AnalyteKey | undefined, number]>([
    [100, 'mg/dL', 'mmol/L', 'glucose', 5.5506],
    [5.55, 'mmol/L', 'mg/dL', 'glucose', 99.989],
    [126, 'mg/dl', 'mmol/l', 'glucose', 6.9938],
    [200, 'mg/dL', 'mmol/L', 'cholesterol', 5.172],
    [150, 'mg/dL', 'mmol/L', 'triglycerides', 1.6936],
    [1, 'mg/dL', 'μmol/L', 'creatinine', 88.4],
    [88.4, 'µmol/L', 'mg/dL', 'creatinine', 1],
    [6, 'mg/dL', 'umol/L', 'uric-acid', 356.91],
    [14, 'g/dL', 'g/L', 'hemoglobin', 140],
    [140, 'g/L', 'g/dL', undefined, 14],
    [5.2, '10^9/L', '10*3/uL', 'wbc', 5.2],
    [5.2, 'mmol/L', 'mmol/l', undefined, 5.2],
    [5.2, 'mmol/L', 'umol/L', undefined, 5200],
  ])('when %p %s is converted to %s (%s), then about %p', (v, from, to, analyte, expected) => {
    expect(convert(v, from, to, analyte)).toBeCloseTo(expected, 2);
  });

  it('when glucose is converted, then the factor is 18.016 (molar mass 180.16)', () => {
    expect(convert(18.016, 'mg/dL', 'mmol/L', 'glucose')).toBeCloseTo(1, 12);
    expect(convert(1, 'mg/dL', 'mmol/L', 'cholesterol')! * 38.67).toBeCloseTo(1, 12);
    expect(convert(1, 'mg/dL', 'mmol/L', 'triglycerides')! * 88.57).toBeCloseTo(1, 12);
  });

  it.each<[number, string, string, AnalyteKey | undefined]>([
    [100, 'mg/dL', 'mmol/L', undefined],
    [100, 'mg/dL', 'mmol/L', 'alt'],
    [100, 'mg/dL', 'mmol/L', 'hemoglobin'],
    [40, 'U/L', 'mmol/L', 'alt'],
    [5, '10^9/L', 'g/L', 'wbc'],
    [5, 'furlongs', 'mmol/L', 'glucose'],
    [5, 'mmol/L', '', 'glucose'],
    [Number.NaN, 'mmol/L', 'mmol/L', 'glucose'],
    [Number.POSITIVE_INFINITY, 'mg/dL', 'mmol/L', 'glucose'],
  ])('when %p %s is converted to %s (%s), then null', (v, from, to, analyte) => {
    expect(convert(v, from, to, analyte)).toBeNull();
  });

  const MOLAR: readonly [string, string][] = [
    ['mg/dL', 'mmol/L'],
    ['mg/dL', 'umol/L'],
    ['g/L', 'mmol/L'],
    ['mg/L', 'umol/L'],
  ];
  const withMolarMass = (Object.keys(ANALYTES) as AnalyteKey[]).filter((k) => ANALYTES[k].molarMass);

  it('when a value is converted there and back, then it returns within floating tolerance', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
        fc.constantFrom(...MOLAR),
        fc.constantFrom(...withMolarMass),
        fc.boolean(),
        (v, [mass, amount], analyte, flip) => {
          const [from, to] = flip ? [amount, mass] : [mass, amount];
          const there = convert(v, from, to, analyte);
          const back = there === null ? null : convert(there, to, from, analyte);
          return back !== null && Math.abs(back - v) <= 1e-9 * Math.max(1, Math.abs(v));
        },
      ),
    );
  });

  it('when the units are the same unit spelt two ways, then the value is unchanged', () => {
    const spellings: readonly [LabUnit, string][] = [
      ['umol/L', 'µmol/L'],
      ['10*9/L', '×10⁹/L'],
      ['mmol/L', 'mmol/l'],
    ];
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(...spellings),
        (v, [a, b]) => Object.is(convert(v, a, b), v),
      ),
    );
  });

  it('when the units or analyte are any strings, then convert never throws', () => {
    fc.assert(
      fc.property(fc.double(), fc.string(), fc.string(), fc.string(), (v, from, to, analyte) => {
        const out = convert(v, from, to, analyte as AnalyteKey);
        return out === null || typeof out === 'number';
      }),
    );
  });
});
