import { ANALYTES, analyteFor, type AnalyteKey } from './analytes';
import { normalizeUnit } from './lab-units';

describe('analyteFor', () => {
  it.each<[Parameters<typeof analyteFor>[0], AnalyteKey | null]>([
    [{ loinc: '2345-7' }, 'glucose'],
    [{ loinc: '15074-8' }, 'glucose'],
    [{ loinc: '14749-6' }, 'glucose'],
    [{ loinc: '2093-3' }, 'cholesterol'],
    [{ loinc: '2160-0' }, 'creatinine'],
    [{ loinc: '718-7' }, 'hemoglobin'],
    [{ loinc: '6690-2' }, 'wbc'],
    [{ loinc: '1742-6' }, 'alt'],
    [{ localCode: 'GLU' }, 'glucose'],
    [{ localCode: ' crea ' }, 'creatinine'],
    [{ localCode: 'TC' }, 'cholesterol'],
    [{ localCode: 'HDL-C' }, 'hdl'],
    [{ name: '葡萄糖' }, 'glucose'],
    [{ name: '总胆固醇' }, 'cholesterol'],
    [{ name: '肌酐' }, 'creatinine'],
    [{ name: '血红蛋白' }, 'hemoglobin'],
    [{ name: '白细胞计数' }, 'wbc'],
    [{ name: '谷丙转氨酶' }, 'alt'],
    [{ name: '丙氨酸氨基转移酶' }, 'alt'],
    [{ name: ' 葡萄糖（GLU） ' }, 'glucose'],
    [{ name: '甘油三脂' }, 'triglycerides'],
    [{ loinc: '9999-9', localCode: 'XYZ', name: '肌酐' }, 'creatinine'],
    [{ loinc: '2160-0', localCode: 'GLU', name: '葡萄糖' }, 'creatinine'],
    [{ localCode: 'GLU', name: '肌酐' }, 'glucose'],
    [{ name: '乙肝表面抗原' }, null],
    [{ loinc: '', localCode: '', name: '' }, null],
    [{}, null],
    [{ loinc: null, localCode: null, name: null }, null],
  ])('when a result is %p, then the analyte is %p', (item, key) => {
    expect(analyteFor(item)).toBe(key);
  });

  it('every code and name in the table belongs to one analyte only, and every unit is known', () => {
    const seen = new Map<string, AnalyteKey>();
    for (const [key, a] of Object.entries(ANALYTES) as [AnalyteKey, (typeof ANALYTES)[AnalyteKey]][]) {
      for (const id of [...a.loinc, ...a.localCodes.map((c) => `code:${c}`), a.name, ...a.aliases]) {
        expect([id, seen.get(id) ?? key]).toEqual([id, key]);
        seen.set(id, key);
      }
      expect(normalizeUnit(a.unit)).toBe(a.unit);
      expect(analyteFor({ name: a.name })).toBe(key);
    }
  });
});
