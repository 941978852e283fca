import type { LabUnit } from './lab-units';

/**
 * The common analytes residents look at, so a glucose from a FHIR server (LOINC 2345-7, mg/dL)
 * and one from a legacy HIS (GLU 葡萄糖, mmol/L) are recognised as the same test and can be
 * trended together. A small table, not a terminology server: anything else stays unmatched
 * and is shown as the hospital wrote it.
 */
export type AnalyteKey =
  | 'glucose'
  | 'cholesterol'
  | 'triglycerides'
  | 'hdl'
  | 'ldl'
  | 'creatinine'
  | 'uric-acid'
  | 'alt'
  | 'ast'
  | 'hemoglobin'
  | 'wbc'
  | 'platelets';

export interface Analyte {
  /** The name Chinese lab reports use. */
  name: string;
  /** The unit Chinese labs report it in (UCUM code). */
  unit: LabUnit;
  /** g/mol, for mass ↔ amount of substance conversions; absent when that makes no sense. */
  molarMass?: number;
  loinc: readonly string[];
  /** Local item codes HIS/LIS systems commonly use (compared case-insensitively). */
  localCodes: readonly string[];
  /** Other names seen on reports (compared after dropping spaces and a bracketed code). */
  aliases: readonly string[];
}

/**
 * Molar masses give the usual clinical factors: glucose 180.16 g/mol (mg/dL ÷ 18.016 = mmol/L),
 * cholesterol 386.7 (÷ 38.67), triglycerides as triolein 885.7 (÷ 88.57), creatinine 113.12
 * (× 88.4 = μmol/L), uric acid 168.11 (× 59.48 = μmol/L).
 */
export const ANALYTES: Readonly<Record<AnalyteKey, Analyte>> = {
  glucose: {
    name: '葡萄糖',
    unit: 'mmol/L',
    molarMass: 180.16,
    loinc: ['2345-7', '2339-0', '1558-6', '15074-8', '14749-6'],
    localCodes: ['GLU', 'GLUC', 'FBG', 'FPG'],
    aliases: ['血糖', '空腹血糖', '空腹葡萄糖', '血清葡萄糖'],
  },
  cholesterol: {
    name: '总胆固醇',
    unit: 'mmol/L',
    molarMass: 386.7,
    loinc: ['2093-3', '14647-2'],
    localCodes: ['TC', 'CHOL', 'CHO'],
    aliases: ['胆固醇', '血清总胆固醇'],
  },
  triglycerides: {
    name: '甘油三酯',
    unit: 'mmol/L',
    molarMass: 885.7,
    loinc: ['2571-8', '14927-8'],
    localCodes: ['TG', 'TRIG'],
    aliases: ['甘油三脂', '三酰甘油'],
  },
  hdl: {
    name: '高密度脂蛋白胆固醇',
    unit: 'mmol/L',
    molarMass: 386.7,
    loinc: ['2085-9', '14646-4'],
    localCodes: ['HDL', 'HDL-C', 'HDLC'],
    aliases: ['高密度脂蛋白'],
  },
  ldl: {
    name: '低密度脂蛋白胆固醇',
    unit: 'mmol/L',
    molarMass: 386.7,
    loinc: ['2089-1', '13457-7', '18262-6', '22748-8'],
    localCodes: ['LDL', 'LDL-C', 'LDLC'],
    aliases: ['低密度脂蛋白'],
  },
  creatinine: {
    name: '肌酐',
    unit: 'umol/L',
    molarMass: 113.12,
    loinc: ['2160-0', '14682-9'],
    localCodes: ['CREA', 'CRE', 'CR', 'SCR'],
    aliases: ['血肌酐', '血清肌酐'],
  },
  'uric-acid': {
    name: '尿酸',
    unit: 'umol/L',
    molarMass: 168.11,
    loinc: ['3084-1', '14933-6'],
    localCodes: ['UA', 'URIC'],
    aliases: ['血尿酸', '血清尿酸'],
  },
  alt: {
    name: '谷丙转氨酶',
    unit: 'U/L',
    loinc: ['1742-6', '1743-4'],
    localCodes: ['ALT', 'GPT'],
    aliases: ['丙氨酸氨基转移酶', '丙氨酸转氨酶'],
  },
  ast: {
    name: '谷草转氨酶',
    unit: 'U/L',
    loinc: ['1920-8'],
    localCodes: ['AST', 'GOT'],
    aliases: ['天门冬氨酸氨基转移酶', '天冬氨酸氨基转移酶'],
  },
  hemoglobin: {
    name: '血红蛋白',
    unit: 'g/L',
    loinc: ['718-7'],
    localCodes: ['HGB', 'HB'],
    aliases: ['血红蛋白浓度'],
  },
  wbc: {
    name: '白细胞计数',
    unit: '10*9/L',
    loinc: ['6690-2', '26464-8'],
    localCodes: ['WBC'],
    aliases: ['白细胞', '白细胞总数'],
  },
  platelets: {
    name: '血小板计数',
    unit: '10*9/L',
    loinc: ['777-3', '26515-7'],
    localCodes: ['PLT'],
    aliases: ['血小板'],
  },
};

const KEYS = Object.keys(ANALYTES) as AnalyteKey[];

/** `葡萄糖 (GLU)`, `葡萄糖（GLU）`, ` 葡萄糖 ` → `葡萄糖`. */
const bareName = (name: string) =>
  name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^()]*\)$/, '');

function lookup(test: (a: Analyte) => boolean): AnalyteKey | null {
  return KEYS.find((k) => test(ANALYTES[k])) ?? null;
}

/**
 * Which analyte a result is, by LOINC code first (unambiguous), then the hospital's local code,
 * then its Chinese name. Null when none of them is in the table.
 */
export function analyteFor(item: {
  loinc?: string | null;
  localCode?: string | null;
  name?: string | null;
}): AnalyteKey | null {
  const loinc = item.loinc?.trim();
  const byLoinc = loinc ? lookup((a) => a.loinc.includes(loinc)) : null;
  if (byLoinc) return byLoinc;
  const code = item.localCode?.trim().toUpperCase();
  const byCode = code ? lookup((a) => a.localCodes.includes(code)) : null;
  if (byCode) return byCode;
  const name = item.name ? bareName(item.name) : '';
  return name ? lookup((a) => a.name === name || a.aliases.includes(name)) : null;
}
