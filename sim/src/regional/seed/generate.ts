import { createRng, type Rng, type Seed } from '../../lib/prng';
import type { CampusRecord, HospitalEntry } from '../types';
import { creditCode } from './credit-code';
import { generateDepartments } from './departments';
import { AREA_DIVISION_CODES, AREA_PHONE_PREFIX, HOSPITAL_PROFILES, type HospitalProfile } from './hospitals';
import { LINEUPS } from './lineups';
import { generateDoctors } from './roster';
import { isoShanghai } from './time';

const NUMERALS = ['零', '一', '两', '三', '四'];
// Directory entries were last touched some time in the half year before this instant.
const DIRECTORY_EPOCH = Date.UTC(2025, 5, 30, 1, 0, 0);

function role(p: HospitalProfile, community: boolean): string {
  if (community) return '为辖区居民提供基本医疗和基本公共卫生服务';
  if (p.orgType === '妇幼保健院') return '承担辖区妇女儿童的医疗保健任务';
  if (p.orgType === '专科医院') return '承担全市专科疾病的诊治任务';
  if (p.orgLevel.startsWith('三级')) return '承担区域内急危重症和疑难疾病的诊治任务';
  return '承担辖区常见病、多发病的诊治和急诊急救任务';
}

function intro(p: HospitalProfile): string {
  const community = p.orgName.includes('社区卫生服务中心');
  const kind = community ? '社区卫生服务机构' : `${p.orgLevel === '未定级' ? '' : p.orgLevel}${p.orgType}`;
  const sentences = [`${p.orgName}是${p.areaName}的一所${kind}，${role(p, community)}。`, p.feature];
  if (p.campuses.length > 1) {
    const names = p.campuses.map((c) => c.name).join('、');
    sentences.push(`医院设有${names}${NUMERALS[p.campuses.length] ?? p.campuses.length}个院区。`);
  }
  return sentences.join('');
}

function phone(rng: Rng, areaName: string): string {
  let digits = AREA_PHONE_PREFIX[areaName] ?? '2';
  for (let i = 0; i < 6; i++) digits += String(rng.int(0, 9));
  return `0752-${digits}`;
}

/**
 * One hospital with its departments and doctors. Identity (codes, phone, departments) comes
 * from the org code alone so it is the same under every seed; the seed only decides the staff.
 */
export function buildHospitalEntry(profile: HospitalProfile, seed: Seed): HospitalEntry {
  const identity = createRng(`regional:${profile.orgCode}`);
  const staffRng = createRng(`${String(seed)}:${profile.orgCode}:staff`);
  const [main] = profile.campuses;
  const campuses: CampusRecord[] = profile.campuses.map((c, i) => ({
    campusCode: `${profile.orgCode}${String(i + 1).padStart(2, '0')}`,
    campusName: c.name,
    address: c.address,
    longitude: c.lng,
    latitude: c.lat,
  }));
  const tel = phone(identity, profile.areaName);
  const credit = creditCode(identity, AREA_DIVISION_CODES[profile.areaName] ?? '441300');
  const updatedAt = isoShanghai(
    DIRECTORY_EPOCH - identity.int(0, 180) * 86_400_000 - identity.int(0, 600) * 60_000,
  );
  const staffed = generateDepartments(identity, profile.lineup, campuses, profile.deptCodes);
  return {
    hospital: {
      orgCode: profile.orgCode,
      creditCode: credit,
      orgName: profile.orgName,
      alias: [...profile.alias],
      orgLevel: profile.orgLevel,
      orgType: profile.orgType,
      areaName: profile.areaName,
      address: main.address,
      tel,
      longitude: main.lng,
      latitude: main.lat,
      campuses,
      intro: intro(profile),
      updatedAt,
    },
    departments: staffed.map((s) => s.dept),
    doctors: generateDoctors(staffRng, staffed, LINEUPS[profile.lineup].doctors),
  };
}

export function generateDirectory(seed: Seed, profiles: readonly HospitalProfile[] = HOSPITAL_PROFILES) {
  return profiles.map((p) => buildHospitalEntry(p, seed));
}
