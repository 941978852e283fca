import type { AnalyteKey } from '@jiankang/shared/domain';

/**
 * What the seeded lab panels measure, in the SI units Chinese labs report (mmol/L, μmol/L, g/L,
 * 10⁹/L, U/L), with adult reference ranges as printed on typical 惠州 hospital reports. A hospital
 * that reports conventional units converts these (./profiles.ts).
 */
export interface AnalyteSpec {
  key: AnalyteKey;
  /** The local code most HIS/LIS systems use. */
  code: string;
  name: string;
  low?: number;
  high?: number;
  /** `<5.2` leaves 5.2 out, `>1.04` leaves 1.04 out; otherwise bounds are included (`≤40`, `3.9-6.1`). */
  highExclusive?: boolean;
  lowExclusive?: boolean;
  /** The value when normal, drawn uniformly in [from, to]; abnormal values fall outside the range. */
  typical: readonly [number, number];
  abnormal: readonly [number, number];
  decimals: number;
}

export const ANALYTE_SPECS: Readonly<Record<string, AnalyteSpec>> = {
  GLU: {
    key: 'glucose',
    code: 'GLU',
    name: '葡萄糖',
    low: 3.9,
    high: 6.1,
    typical: [4.2, 5.9],
    abnormal: [6.3, 13.5],
    decimals: 2,
  },
  TC: {
    key: 'cholesterol',
    code: 'TC',
    name: '总胆固醇',
    high: 5.2,
    highExclusive: true,
    typical: [3.1, 5.1],
    abnormal: [5.3, 7.8],
    decimals: 2,
  },
  TG: {
    key: 'triglycerides',
    code: 'TG',
    name: '甘油三酯',
    high: 1.7,
    highExclusive: true,
    typical: [0.5, 1.6],
    abnormal: [1.8, 4.6],
    decimals: 2,
  },
  HDL: {
    key: 'hdl',
    code: 'HDL-C',
    name: '高密度脂蛋白胆固醇',
    low: 1.04,
    lowExclusive: true,
    typical: [1.1, 2.1],
    abnormal: [0.6, 1.0],
    decimals: 2,
  },
  LDL: {
    key: 'ldl',
    code: 'LDL-C',
    name: '低密度脂蛋白胆固醇',
    high: 3.4,
    highExclusive: true,
    typical: [1.6, 3.3],
    abnormal: [3.5, 5.4],
    decimals: 2,
  },
  CREA: {
    key: 'creatinine',
    code: 'CREA',
    name: '肌酐',
    low: 57,
    high: 111,
    typical: [60, 105],
    abnormal: [115, 260],
    decimals: 0,
  },
  UA: {
    key: 'uric-acid',
    code: 'UA',
    name: '尿酸',
    low: 208,
    high: 428,
    typical: [220, 420],
    abnormal: [435, 620],
    decimals: 0,
  },
  ALT: {
    key: 'alt',
    code: 'ALT',
    name: '谷丙转氨酶',
    high: 40,
    typical: [8, 38],
    abnormal: [45, 180],
    decimals: 0,
  },
  AST: {
    key: 'ast',
    code: 'AST',
    name: '谷草转氨酶',
    high: 40,
    typical: [12, 37],
    abnormal: [42, 150],
    decimals: 0,
  },
  HGB: {
    key: 'hemoglobin',
    code: 'HGB',
    name: '血红蛋白',
    low: 115,
    high: 150,
    typical: [118, 148],
    abnormal: [82, 112],
    decimals: 0,
  },
  WBC: {
    key: 'wbc',
    code: 'WBC',
    name: '白细胞计数',
    low: 3.5,
    high: 9.5,
    typical: [4.0, 9.0],
    abnormal: [9.8, 16.5],
    decimals: 2,
  },
  PLT: {
    key: 'platelets',
    code: 'PLT',
    name: '血小板计数',
    low: 125,
    high: 350,
    typical: [150, 330],
    abnormal: [60, 118],
    decimals: 0,
  },
};

export interface LabPanel {
  code: string;
  title: string;
  loinc?: string;
  specimen: string;
  items: readonly string[];
  weight: number;
}

export const LAB_PANELS: readonly LabPanel[] = [
  {
    code: 'XCG',
    title: '血常规',
    loinc: '58410-2',
    specimen: '全血',
    items: ['WBC', 'HGB', 'PLT'],
    weight: 4,
  },
  { code: 'GGN', title: '肝功能', loinc: '24325-3', specimen: '血清', items: ['ALT', 'AST'], weight: 2 },
  {
    code: 'XZSX',
    title: '血脂四项',
    loinc: '24331-1',
    specimen: '血清',
    items: ['TC', 'TG', 'HDL', 'LDL'],
    weight: 2,
  },
  { code: 'SGN', title: '肾功能', loinc: '24362-6', specimen: '血清', items: ['CREA', 'UA'], weight: 2 },
  { code: 'KFXT', title: '空腹血糖', specimen: '血清', items: ['GLU'], weight: 2 },
  {
    code: 'SHQT',
    title: '生化全套',
    loinc: '24323-8',
    specimen: '血清',
    items: ['GLU', 'TC', 'TG', 'CREA', 'ALT', 'AST'],
    weight: 3,
  },
];

export interface ImagingExam {
  code: string;
  title: string;
  modality: 'CT' | 'DR' | 'MR' | 'US';
  bodySite: string;
  normal: { findings: string; conclusion: string };
  abnormal: { findings: string; conclusion: string };
}

export const IMAGING_EXAMS: readonly ImagingExam[] = [
  {
    code: 'CT-CHEST',
    title: '胸部CT平扫',
    modality: 'CT',
    bodySite: '胸部',
    normal: {
      findings:
        '双肺纹理清晰，肺野内未见明确实质性病变。气管及支气管通畅。纵隔居中，未见肿大淋巴结。心影大小形态未见异常。',
      conclusion: '胸部CT平扫未见明显异常。',
    },
    abnormal: {
      findings: '右肺上叶尖段见一直径约5mm磨玻璃结节，边界清楚。余肺野未见实变。纵隔未见肿大淋巴结。',
      conclusion: '右肺上叶磨玻璃小结节，建议12个月后复查。',
    },
  },
  {
    code: 'DR-CHEST',
    title: '胸部正位片',
    modality: 'DR',
    bodySite: '胸部',
    normal: {
      findings: '胸廓对称，双肺纹理走行自然，未见实变影。心影不大，双膈面光整，肋膈角锐利。',
      conclusion: '心肺膈未见明显异常。',
    },
    abnormal: {
      findings: '双肺纹理增多、增粗，右下肺野见小片状模糊影。心影不大，右肋膈角稍钝。',
      conclusion: '右下肺炎症可能，请结合临床。',
    },
  },
  {
    code: 'US-ABD',
    title: '腹部彩超（肝胆胰脾）',
    modality: 'US',
    bodySite: '腹部',
    normal: {
      findings: '肝脏大小形态正常，包膜光整，实质回声均匀。胆囊不大，壁光滑。胰腺、脾脏未见异常。',
      conclusion: '肝胆胰脾未见明显异常。',
    },
    abnormal: {
      findings: '肝脏体积稍大，实质回声细密增强，后方回声衰减。胆囊、胰腺、脾脏未见异常。',
      conclusion: '脂肪肝（轻度）。',
    },
  },
  {
    code: 'MR-LSPINE',
    title: '腰椎MRI平扫',
    modality: 'MR',
    bodySite: '腰椎',
    normal: {
      findings: '腰椎生理曲度存在，各椎体信号均匀，椎间盘信号未见异常，椎管未见狭窄。',
      conclusion: '腰椎MRI平扫未见明显异常。',
    },
    abnormal: {
      findings: '腰椎生理曲度变直。L4/5椎间盘T2信号减低，向后突出，硬膜囊受压。',
      conclusion: 'L4/5椎间盘突出。',
    },
  },
];
