import { badBody } from './envelope';
import type { CampusRecord, DeptRecord, DoctorRecord, HospitalEntry } from './types';
import {
  AREA_NAMES,
  CREDIT_CODE,
  DEPT_CODE,
  DOCTOR_CODE,
  DOCTOR_TITLE_NAMES,
  ORG_CODE,
  ORG_LEVELS,
  ORG_TYPES,
  STD_DEPT_CODES,
} from './vocabulary';

/**
 * Light checks on admin bodies: enough that a test cannot plant a record the real platform
 * would never publish (a grade outside the list, a non-numeric coordinate), no more.
 */
type Check = (value: unknown) => string | undefined;

const text: Check = (v) =>
  typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string';
const oneOf =
  (allowed: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.join(' ')}`;
const matches =
  (re: RegExp): Check =>
  (v) =>
    typeof v === 'string' && re.test(v) ? undefined : `must match ${re}`;
const between =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && v >= min && v <= max ? undefined : `must be a number from ${min} to ${max}`;
const strings: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'must be an array of strings';
const isoTime: Check = (v) =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? undefined : 'must be an ISO 8601 time';

function objectWith(fields: Record<string, Check>): Check {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
    for (const [key, check] of Object.entries(fields)) {
      const problem = check((v as Record<string, unknown>)[key]);
      if (problem) return `.${key} ${problem}`;
    }
    return undefined;
  };
}

const campus = objectWith({
  campusCode: text,
  campusName: text,
  address: text,
  longitude: between(-180, 180),
  latitude: between(-90, 90),
});
const campusList: Check = (v) => {
  if (!Array.isArray(v) || v.length === 0) return 'must be a non-empty array';
  for (const [i, c] of v.entries()) {
    const problem = campus(c);
    if (problem) return `[${i}]${problem}`;
  }
  return undefined;
};

export const HOSPITAL_FIELDS: Record<string, Check> = {
  creditCode: matches(CREDIT_CODE),
  orgName: text,
  alias: strings,
  orgLevel: oneOf(ORG_LEVELS),
  orgType: oneOf(ORG_TYPES),
  areaName: oneOf(AREA_NAMES),
  address: text,
  tel: text,
  longitude: between(-180, 180),
  latitude: between(-90, 90),
  campuses: campusList,
  intro: text,
  updatedAt: isoTime,
};

const DERIVED = ['deptCount', 'doctorCount'];

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badBody('body must be a JSON object');
  return body as Record<string, unknown>;
}

function checkFields(body: Record<string, unknown>, extra: Record<string, Check> = {}) {
  for (const [key, value] of Object.entries(body)) {
    if (DERIVED.includes(key)) throw badBody(`${key} is derived from the lists and cannot be set`);
    const check = HOSPITAL_FIELDS[key] ?? extra[key];
    if (!check) throw badBody(`unknown field "${key}"`);
    const problem = check(value);
    if (problem) throw badBody(`${key} ${problem}`);
  }
}

export type HospitalPatch = Partial<HospitalEntry['hospital']>;

export function parseHospitalPatch(body: unknown): HospitalPatch {
  const fields = asObject(body);
  if ('orgCode' in fields) throw badBody('orgCode cannot be changed; delete and add instead');
  checkFields(fields);
  return fields as HospitalPatch;
}

export interface NewHospital extends HospitalPatch {
  orgCode: string;
  orgName: string;
  orgLevel: string;
  orgType: string;
  areaName: string;
  departments?: DeptRecord[];
  doctors?: DoctorRecord[];
}

const dept = objectWith({
  deptCode: matches(DEPT_CODE),
  deptName: text,
  stdDeptCode: oneOf(STD_DEPT_CODES),
  campusCode: text,
  intro: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
});
const doctor = objectWith({
  doctorCode: matches(DOCTOR_CODE),
  doctorName: text,
  gender: oneOf(['M', 'F']),
  titleName: oneOf(DOCTOR_TITLE_NAMES),
  deptCode: text,
  expertise: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
});
const listOf =
  (item: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return 'must be an array';
    for (const [i, x] of v.entries()) {
      const problem = item(x);
      if (problem) return `[${i}]${problem}`;
    }
    return undefined;
  };

export function parseNewHospital(body: unknown): NewHospital {
  const fields = asObject(body);
  for (const key of ['orgCode', 'orgName', 'orgLevel', 'orgType', 'areaName']) {
    if (!(key in fields)) throw badBody(`${key} is required`);
  }
  checkFields(fields, { orgCode: matches(ORG_CODE), departments: listOf(dept), doctors: listOf(doctor) });
  const created = fields as unknown as NewHospital;
  if (created.doctors && !created.departments) throw badBody('doctors need departments');
  uniqueAndLinked(created);
  return created;
}

function uniqueAndLinked({ orgCode, departments, doctors, campuses }: NewHospital): void {
  const deptCodes = new Set<string>();
  // Without campuses the hospital gets one, 本部, coded like the seeded ones.
  const campusCodes = new Set(campuses ? campuses.map((c: CampusRecord) => c.campusCode) : [`${orgCode}01`]);
  for (const d of departments ?? []) {
    if (deptCodes.has(d.deptCode)) throw badBody(`deptCode ${d.deptCode} appears twice`);
    deptCodes.add(d.deptCode);
    if (!campusCodes.has(d.campusCode))
      throw badBody(`department ${d.deptCode} names unknown campus ${d.campusCode}`);
  }
  const doctorCodes = new Set<string>();
  for (const d of doctors ?? []) {
    if (doctorCodes.has(d.doctorCode)) throw badBody(`doctorCode ${d.doctorCode} appears twice`);
    doctorCodes.add(d.doctorCode);
    if (!deptCodes.has(d.deptCode))
      throw badBody(`doctor ${d.doctorCode} names unknown department ${d.deptCode}`);
  }
}
