import { z } from 'zod';

/**
 * The regional platform's own record shapes. Parsed at the boundary; unknown extra fields are
 * ignored so a platform upgrade that adds fields does not break the sync.
 */
export const Envelope = z.object({ code: z.number(), message: z.string().optional(), data: z.unknown() });

const Coordinate = z.number().finite();

export const CampusRecord = z.object({
  campusCode: z.string().min(1),
  campusName: z.string().min(1),
  address: z.string(),
  longitude: Coordinate,
  latitude: Coordinate,
});

export const HospitalRecord = z.object({
  orgCode: z.string().regex(/^[A-Za-z0-9]{2,40}$/),
  orgName: z.string().min(1),
  alias: z.array(z.string()).default([]),
  orgLevel: z.string(),
  orgType: z.string().default('综合医院'),
  areaName: z.string(),
  address: z.string(),
  tel: z.string().default(''),
  longitude: Coordinate,
  latitude: Coordinate,
  campuses: z.array(CampusRecord).default([]),
  intro: z.string().default(''),
  updatedAt: z.string().optional(),
});
export type HospitalRecord = z.infer<typeof HospitalRecord>;

export const DeptRecord = z.object({
  deptCode: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
  deptName: z.string().min(1),
  stdDeptCode: z.string().regex(/^[0-9]{2}(\.[0-9]{2})?$/),
  campusCode: z.string().optional(),
  intro: z.string().optional(),
});
export type DeptRecord = z.infer<typeof DeptRecord>;

export const DoctorRecord = z.object({
  doctorCode: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
  doctorName: z.string().min(1),
  titleName: z.string(),
  deptCode: z.string(),
  expertise: z.string().default(''),
});
export type DoctorRecord = z.infer<typeof DoctorRecord>;

/** A page of anything: items stay unknown so one bad record can be skipped, not fail the page. */
export const Page = z.object({
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  items: z.array(z.unknown()),
});

export const ItemList = z.object({ items: z.array(z.unknown()) });
