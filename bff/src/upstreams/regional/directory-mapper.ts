import {
  DISTRICTS,
  DOCTOR_TITLES,
  GRADES,
  categoryName,
  departmentCategory,
  type DoctorTitle,
  type Department,
  type Doctor,
  type HospitalDetail,
} from '@jiankang/shared';
import { DeptRecord, DoctorRecord, HospitalRecord } from './schemas';

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Mapped<T> => ({ ok: true, value });
const skip = (reason: string): Mapped<never> => ({ ok: false, reason });

/** Our ids are the platform's own codes, lower-cased: stable across syncs and URL-safe. */
export const hospitalIdOf = (orgCode: string) => orgCode.toLowerCase();
export const departmentIdOf = (deptCode: string) => deptCode.toLowerCase();
export const doctorIdOf = (hospitalId: string, doctorCode: string) =>
  `${hospitalId}-${doctorCode.toLowerCase()}`;

export function mapDepartment(raw: unknown, doctorCounts: Map<string, number>): Mapped<Department> {
  const parsed = DeptRecord.safeParse(raw);
  if (!parsed.success) return skip(`department: ${parsed.error.issues[0]?.message}`);
  const d = parsed.data;
  const id = departmentIdOf(d.deptCode);
  const category = departmentCategory(d.stdDeptCode);
  return ok({
    id,
    code: d.stdDeptCode,
    name: d.deptName,
    category,
    categoryName: categoryName(category),
    ...(d.campusCode && { campusId: d.campusCode.toLowerCase() }),
    ...(d.intro && { description: d.intro }),
    doctorCount: doctorCounts.get(id) ?? 0,
  });
}

export function mapDoctor(raw: unknown, hospitalId: string, departmentIds: Set<string>): Mapped<Doctor> {
  const parsed = DoctorRecord.safeParse(raw);
  if (!parsed.success) return skip(`doctor: ${parsed.error.issues[0]?.message}`);
  const d = parsed.data;
  if (!(DOCTOR_TITLES as readonly string[]).includes(d.titleName)) return skip(`doctor: unknown title`);
  const departmentId = departmentIdOf(d.deptCode);
  if (!departmentIds.has(departmentId)) return skip(`doctor: unknown department`);
  return ok({
    id: doctorIdOf(hospitalId, d.doctorCode),
    hospitalId,
    departmentId,
    name: d.doctorName,
    title: d.titleName as DoctorTitle,
    specialty: d.expertise,
  });
}

export function mapHospital(raw: unknown, departments: Department[]): Mapped<HospitalDetail> {
  const parsed = HospitalRecord.safeParse(raw);
  if (!parsed.success)
    return skip(`hospital: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  const h = parsed.data;
  const grade = GRADES.find((g) => g.name === h.orgLevel);
  if (!grade) return skip(`hospital ${h.orgCode}: unknown grade`);
  const district = DISTRICTS.find((d) => d.name === h.areaName);
  if (!district) return skip(`hospital ${h.orgCode}: unknown area`);
  return ok({
    id: hospitalIdOf(h.orgCode),
    name: h.orgName,
    aliases: h.alias,
    grade: grade.code,
    gradeName: grade.name,
    type: h.orgType,
    district: district.code,
    districtName: district.name,
    address: h.address,
    phone: h.tel,
    location: { lat: h.latitude, lng: h.longitude },
    campuses: h.campuses.map((c) => ({
      id: c.campusCode.toLowerCase(),
      name: c.campusName,
      address: c.address,
      location: { lat: c.latitude, lng: c.longitude },
    })),
    departmentCount: departments.length,
    introduction: h.intro,
    departments,
  });
}
