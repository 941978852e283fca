/** 医师职称, senior first. */
export const DOCTOR_TITLES = ['主任医师', '副主任医师', '主治医师', '住院医师'] as const;
export type DoctorTitle = (typeof DOCTOR_TITLES)[number];

export function titleRank(title: DoctorTitle): number {
  return DOCTOR_TITLES.indexOf(title);
}
