import { DISTRICTS, GRADES, STANDARD_DEPARTMENTS } from '@jiankang/shared/domain';

/** The platform's closed vocabularies, taken from the shared tables so names cannot drift. */
export const ORG_LEVELS: readonly string[] = GRADES.map((g) => g.name);
export const AREA_NAMES: readonly string[] = DISTRICTS.map((d) => d.name);
export const STD_DEPT_CODES: readonly string[] = STANDARD_DEPARTMENTS.map((d) => d.code);
export const ORG_TYPES: readonly string[] = [
  '综合医院',
  '中医医院',
  '妇幼保健院',
  '专科医院',
  '中西医结合医院',
];
export const DOCTOR_TITLE_NAMES: readonly string[] = ['主任医师', '副主任医师', '主治医师', '住院医师'];

export const ORG_CODE = /^[A-Z0-9]{4,20}$/;
export const DEPT_CODE = /^[A-Z0-9]{2,12}$/;
export const DOCTOR_CODE = /^[A-Z0-9]{3,16}$/;
export const CREDIT_CODE = /^[0-9A-Z]{18}$/;
