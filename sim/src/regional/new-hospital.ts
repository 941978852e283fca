import type { Seed } from '../lib/prng';
import type { NewHospital } from './admin-validation';
import { buildHospitalEntry } from './seed/generate';
import { AREA_CENTRES, type HospitalProfile } from './seed/hospitals';
import { defaultLineup } from './seed/lineups';
import { isoShanghai } from './seed/time';
import type { HospitalEntry } from './types';

/**
 * An admin-added hospital: whatever the body gives, the rest generated the way seeded
 * hospitals are (departments from the lineup for its type, staff from the seed).
 */
export function newHospitalEntry(body: NewHospital, seed: Seed, now = Date.now()): HospitalEntry {
  const [lng, lat] = AREA_CENTRES[body.areaName] ?? [114.416, 23.111];
  const address = body.address ?? `惠州市${body.areaName}`;
  const given = body.campuses;
  const campuses: HospitalProfile['campuses'] = given?.length
    ? (given.map((c) => ({
        name: c.campusName,
        address: c.address,
        lng: c.longitude,
        lat: c.latitude,
      })) as HospitalProfile['campuses'])
    : [{ name: '本部', address, lng: body.longitude ?? lng, lat: body.latitude ?? lat }];
  const profile: HospitalProfile = {
    orgCode: body.orgCode,
    orgName: body.orgName,
    alias: body.alias ?? [],
    orgLevel: body.orgLevel,
    orgType: body.orgType,
    areaName: body.areaName,
    campuses,
    feature: '医院信息由平台管理接口登记。',
    lineup: defaultLineup(body.orgType, body.orgLevel),
    deptCodes: 'pinyin',
  };
  const built = buildHospitalEntry(profile, seed);
  if (given?.length) {
    // Keep the caller's campus codes; generated departments follow them by position.
    const codeAt = new Map(
      built.hospital.campuses.map((c, i) => [c.campusCode, given[i]?.campusCode ?? c.campusCode]),
    );
    built.hospital.campuses = given;
    for (const d of built.departments) d.campusCode = codeAt.get(d.campusCode) ?? d.campusCode;
  }
  const { departments, doctors, ...fields } = body;
  built.hospital = { ...built.hospital, ...fields, updatedAt: body.updatedAt ?? isoShanghai(now) };
  if (departments) {
    built.departments = departments;
    built.doctors = doctors ?? [];
  }
  return built;
}
