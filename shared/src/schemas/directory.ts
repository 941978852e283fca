import { z } from 'zod';
import { DISTRICT_CODES } from '../domain/districts';
import { GRADE_CODES } from '../domain/grades';
import { DEPARTMENT_CATEGORY_CODES } from '../domain/departments';
import { DOCTOR_TITLES } from '../domain/doctors';
import { IsoDateTime, PageInfo, intParam } from './common';

/** Our ids are short lowercase slugs; anything else can never name a hospital. */
export const HospitalId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'not a hospital id');
export const DepartmentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'not a department id');

export const DistrictCodeSchema = z.enum(DISTRICT_CODES);
export const GradeCodeSchema = z.enum(GRADE_CODES);
export const DepartmentCategorySchema = z.enum(DEPARTMENT_CATEGORY_CODES);
export const DoctorTitleSchema = z.enum(DOCTOR_TITLES);

export const GeoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

export const Campus = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  location: GeoPoint.optional(),
});
export type Campus = z.infer<typeof Campus>;

export const HospitalSummary = z.object({
  id: HospitalId,
  name: z.string(),
  aliases: z.array(z.string()),
  grade: GradeCodeSchema,
  gradeName: z.string(),
  type: z.string().describe('综合医院, 中医医院, 妇幼保健院, 专科医院 …'),
  district: DistrictCodeSchema,
  districtName: z.string(),
  address: z.string(),
  phone: z.string(),
  location: GeoPoint,
  campuses: z.array(Campus),
  departmentCount: z.number().int().min(0),
});
export type HospitalSummary = z.infer<typeof HospitalSummary>;

export const Department = z.object({
  id: DepartmentId,
  code: z.string().describe('Standard 诊疗科目 code, e.g. 03.04'),
  name: z.string(),
  category: DepartmentCategorySchema,
  categoryName: z.string(),
  campusId: z.string().optional(),
  description: z.string().optional(),
  doctorCount: z.number().int().min(0),
});
export type Department = z.infer<typeof Department>;

export const Doctor = z.object({
  id: z.string(),
  hospitalId: HospitalId,
  departmentId: DepartmentId,
  name: z.string(),
  title: DoctorTitleSchema,
  specialty: z.string(),
});
export type Doctor = z.infer<typeof Doctor>;

/** How old the directory copy is; `stale` when the last sync is older than the configured limit. */
export const DirectoryFreshness = z.object({
  asOf: IsoDateTime.nullable(),
  ageSeconds: z.number().int().min(0).nullable(),
  stale: z.boolean(),
});
export type DirectoryFreshness = z.infer<typeof DirectoryFreshness>;

export const HospitalListQuery = z
  .object({
    district: DistrictCodeSchema.optional(),
    grade: GradeCodeSchema.optional(),
    q: z.string().trim().max(50).optional().describe('Matches the name and aliases.'),
    page: intParam(1, 10_000, 1),
    pageSize: intParam(1, 50, 20),
  })
  .strict();
export type HospitalListQuery = z.infer<typeof HospitalListQuery>;

/**
 * here: book through this app; external: the hospital publishes slots but takes bookings only on
 * its own page or by phone (去医院预约); none: no slot feed from this hospital yet.
 */
export const OnlineBookingSchema = z.enum(['here', 'external', 'none']);
export type OnlineBooking = z.infer<typeof OnlineBookingSchema>;

export const HospitalListItem = HospitalSummary.extend({ onlineBooking: OnlineBookingSchema });
export type HospitalListItem = z.infer<typeof HospitalListItem>;

export const HospitalListResponse = PageInfo.extend({
  items: z.array(HospitalListItem),
  directory: DirectoryFreshness,
});
export type HospitalListResponse = z.infer<typeof HospitalListResponse>;

export const HospitalDetail = HospitalSummary.extend({
  introduction: z.string(),
  departments: z.array(Department),
});
export type HospitalDetail = z.infer<typeof HospitalDetail>;

export const HospitalDetailResponse = z.object({
  hospital: HospitalDetail,
  directory: DirectoryFreshness,
});
export type HospitalDetailResponse = z.infer<typeof HospitalDetailResponse>;

export const DoctorListResponse = z.object({
  hospitalId: HospitalId,
  department: Department,
  items: z.array(Doctor),
  directory: DirectoryFreshness,
});
export type DoctorListResponse = z.infer<typeof DoctorListResponse>;
