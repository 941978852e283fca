import type { Rng } from '../../lib/prng';
import type { DeptRecord, DoctorRecord, DoctorTitleName } from '../types';
import { DEPT_TEMPLATES, type DeptTemplateId } from './department-templates';
import { doctorName } from './names';

// Most outpatient sessions are staffed by 主治医师; 主任 are few.
const TITLE_WEIGHTS: readonly (readonly [DoctorTitleName, number])[] = [
  ['主任医师', 12],
  ['副主任医师', 23],
  ['主治医师', 42],
  ['住院医师', 23],
];
const TITLE_ORDER: readonly DoctorTitleName[] = ['主任医师', '副主任医师', '主治医师', '住院医师'];
const isSenior = (title: DoctorTitleName) => title === '主任医师' || title === '副主任医师';

export interface StaffedDept {
  dept: DeptRecord;
  template: DeptTemplateId;
}

/**
 * Doctors for every department, senior first within a department. Work numbers are six
 * digits counting up from a per-hospital base, so sorting by doctorCode keeps that order.
 */
export function generateDoctors(
  rng: Rng,
  depts: readonly StaffedDept[],
  headcount: readonly [number, number],
) {
  const doctors: DoctorRecord[] = [];
  const usedNames = new Set<string>();
  let workNumber = rng.int(100, 899) * 1000;

  for (const { dept, template } of depts) {
    const tpl = DEPT_TEMPLATES[template];
    const count = rng.int(headcount[0], headcount[1]);
    const staff: Omit<DoctorRecord, 'doctorCode'>[] = [];
    for (let i = 0; i < count; i++) {
      const gender = rng.chance(tpl.femaleShare ?? 0.5) ? 'F' : 'M';
      let name = doctorName(rng, gender);
      for (let tries = 0; usedNames.has(name) && tries < 20; tries++) name = doctorName(rng, gender);
      usedNames.add(name);
      const titleName = rng.weighted(TITLE_WEIGHTS);
      const phrases = rng.sample(tpl.expertise, isSenior(titleName) ? 3 : 2);
      staff.push({
        doctorName: name,
        gender,
        titleName,
        deptCode: dept.deptCode,
        expertise: `擅长${phrases.join('、')}。`,
      });
    }
    // A clinic always has someone senior to sign off; promote one if the dice gave none.
    const first = staff[0];
    if (first && !staff.some((d) => isSenior(d.titleName))) first.titleName = '副主任医师';
    staff.sort((a, b) => TITLE_ORDER.indexOf(a.titleName) - TITLE_ORDER.indexOf(b.titleName));
    for (const person of staff) doctors.push({ doctorCode: String(workNumber++), ...person });
  }
  return doctors;
}
