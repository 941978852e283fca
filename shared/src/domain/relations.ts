/** How a patient (就诊人) is related to the account holder; 本人 first, as every form lists it. */
export const RELATIONS = [
  { code: 'self', name: '本人' },
  { code: 'child', name: '子女' },
  { code: 'parent', name: '父母' },
  { code: 'spouse', name: '配偶' },
  { code: 'other', name: '其他' },
] as const;

export type Relation = (typeof RELATIONS)[number]['code'];
export const RELATION_CODES = RELATIONS.map((r) => r.code) as [Relation, ...Relation[]];

export function relationName(code: Relation): string {
  return RELATIONS.find((r) => r.code === code)?.name ?? code;
}

/** An account has at most this many patients (本人 included). */
export const MAX_PATIENTS_PER_ACCOUNT = 5;
