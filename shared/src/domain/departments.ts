/**
 * Standard clinical department codes (《医疗机构诊疗科目名录》): two digits for the subject,
 * `.NN` for a specialty inside it. Hospitals name departments their own way; the code is what
 * lets a resident search "心血管内科" across the city. `category` groups them on screen.
 */
export const DEPARTMENT_CATEGORIES = [
  { code: 'internal', name: '内科' },
  { code: 'surgery', name: '外科' },
  { code: 'women-children', name: '妇产科 · 儿科' },
  { code: 'senses', name: '五官科' },
  { code: 'tcm', name: '中医科' },
  { code: 'emergency', name: '急诊 · 重症' },
  { code: 'diagnostics', name: '医技科室' },
  { code: 'other', name: '其他' },
] as const;

export type DepartmentCategory = (typeof DEPARTMENT_CATEGORIES)[number]['code'];

export const DEPARTMENT_CATEGORY_CODES = DEPARTMENT_CATEGORIES.map((c) => c.code) as [
  DepartmentCategory,
  ...DepartmentCategory[],
];

export interface StandardDepartment {
  code: string;
  name: string;
  category: DepartmentCategory;
}

export const STANDARD_DEPARTMENTS: readonly StandardDepartment[] = [
  { code: '02', name: '全科医疗科', category: 'other' },
  { code: '03', name: '内科', category: 'internal' },
  { code: '03.01', name: '呼吸内科', category: 'internal' },
  { code: '03.02', name: '消化内科', category: 'internal' },
  { code: '03.03', name: '神经内科', category: 'internal' },
  { code: '03.04', name: '心血管内科', category: 'internal' },
  { code: '03.05', name: '血液内科', category: 'internal' },
  { code: '03.06', name: '肾病学科', category: 'internal' },
  { code: '03.07', name: '内分泌科', category: 'internal' },
  { code: '03.10', name: '老年病科', category: 'internal' },
  { code: '04', name: '外科', category: 'surgery' },
  { code: '04.01', name: '普通外科', category: 'surgery' },
  { code: '04.02', name: '神经外科', category: 'surgery' },
  { code: '04.03', name: '骨科', category: 'surgery' },
  { code: '04.04', name: '泌尿外科', category: 'surgery' },
  { code: '04.05', name: '胸外科', category: 'surgery' },
  { code: '05', name: '妇产科', category: 'women-children' },
  { code: '05.01', name: '妇科', category: 'women-children' },
  { code: '05.02', name: '产科', category: 'women-children' },
  { code: '06', name: '妇女保健科', category: 'women-children' },
  { code: '07', name: '儿科', category: 'women-children' },
  { code: '07.01', name: '新生儿科', category: 'women-children' },
  { code: '08', name: '小儿外科', category: 'women-children' },
  { code: '09', name: '儿童保健科', category: 'women-children' },
  { code: '10', name: '眼科', category: 'senses' },
  { code: '11', name: '耳鼻咽喉科', category: 'senses' },
  { code: '12', name: '口腔科', category: 'senses' },
  { code: '13', name: '皮肤科', category: 'other' },
  { code: '15', name: '精神科', category: 'other' },
  { code: '16', name: '感染性疾病科', category: 'other' },
  { code: '19', name: '肿瘤科', category: 'other' },
  { code: '20', name: '急诊医学科', category: 'emergency' },
  { code: '21', name: '康复医学科', category: 'other' },
  { code: '27', name: '疼痛科', category: 'other' },
  { code: '28', name: '重症医学科', category: 'emergency' },
  { code: '30', name: '医学检验科', category: 'diagnostics' },
  { code: '31', name: '病理科', category: 'diagnostics' },
  { code: '32', name: '医学影像科', category: 'diagnostics' },
  { code: '50', name: '中医科', category: 'tcm' },
  { code: '50.01', name: '中医内科', category: 'tcm' },
  { code: '50.02', name: '中医外科', category: 'tcm' },
  { code: '50.07', name: '针灸科', category: 'tcm' },
  { code: '50.08', name: '推拿科', category: 'tcm' },
  { code: '52', name: '中西医结合科', category: 'tcm' },
];

const BY_CODE = new Map(STANDARD_DEPARTMENTS.map((d) => [d.code, d]));

export function standardDepartment(code: string): StandardDepartment | undefined {
  return BY_CODE.get(code);
}

/** Falls back to the parent subject ("03.04" -> "03") so an unlisted specialty still groups. */
export function departmentCategory(code: string): DepartmentCategory {
  return BY_CODE.get(code)?.category ?? BY_CODE.get(code.split('.')[0] ?? '')?.category ?? 'other';
}

export function categoryName(code: DepartmentCategory): string {
  return DEPARTMENT_CATEGORIES.find((c) => c.code === code)?.name ?? code;
}
