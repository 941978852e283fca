/** 医院等级 (hospital grade) as published by the health commission, highest first. */
export const GRADES = [
  { code: '3A', name: '三级甲等' },
  { code: '3B', name: '三级乙等' },
  { code: '3', name: '三级' },
  { code: '2A', name: '二级甲等' },
  { code: '2B', name: '二级乙等' },
  { code: '2', name: '二级' },
  { code: '1', name: '一级' },
  { code: 'none', name: '未定级' },
] as const;

export type GradeCode = (typeof GRADES)[number]['code'];

export const GRADE_CODES = GRADES.map((g) => g.code) as [GradeCode, ...GradeCode[]];

export function gradeName(code: GradeCode): string {
  return GRADES.find((g) => g.code === code)?.name ?? code;
}

/** Rank for sorting: a lower number is a higher grade. */
export function gradeRank(code: GradeCode): number {
  const i = GRADES.findIndex((g) => g.code === code);
  return i < 0 ? GRADES.length : i;
}
