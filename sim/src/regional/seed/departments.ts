import type { Rng } from '../../lib/prng';
import type { CampusRecord, DeptRecord } from '../types';
import { DEPT_TEMPLATES, type DeptTemplateId } from './department-templates';
import { LINEUPS, type Lineup, type LineupId } from './lineups';
import type { StaffedDept } from './roster';

const MAX_DEPTS = 25;

function byStdCode(a: DeptTemplateId, b: DeptTemplateId): number {
  const sa = DEPT_TEMPLATES[a].std;
  const sb = DEPT_TEMPLATES[b].std;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The hospital's own department list: the lineup at 本部, a few repeats at each other campus. */
export function generateDepartments(
  rng: Rng,
  lineupId: LineupId,
  campuses: readonly CampusRecord[],
  codeStyle: 'pinyin' | 'numeric',
): StaffedDept[] {
  const lineup: Lineup = LINEUPS[lineupId];
  const extra = rng.sample(lineup.optional, rng.int(lineup.pick[0], lineup.pick[1]));
  const plan: { template: DeptTemplateId; campus: number }[] = [...lineup.core, ...extra]
    .sort(byStdCode)
    .map((template) => ({ template, campus: 0 }));
  for (let campus = 1; campus < campuses.length; campus++) {
    for (const template of rng.sample(lineup.branch, rng.int(1, 3))) {
      if (plan.length < MAX_DEPTS) plan.push({ template, campus });
    }
  }

  // A hospital words each department one way, whichever campus it is at.
  const wording = new Map<DeptTemplateId, readonly [string, string]>();
  const usedCodes = new Set<string>();
  const perCampus = new Map<number, number>();
  return plan.map(({ template, campus }) => {
    const tpl = DEPT_TEMPLATES[template];
    const [deptName, pinyin] =
      wording.get(template) ??
      (lineup.plainNames ? (tpl.names[0] ?? rng.pick(tpl.names)) : rng.pick(tpl.names));
    wording.set(template, [deptName, pinyin]);
    const seq = (perCampus.get(campus) ?? 0) + 1;
    perCampus.set(campus, seq);
    const base =
      codeStyle === 'numeric'
        ? `${campus + 1}${String(seq).padStart(3, '0')}`
        : `${pinyin}${campus ? campus + 1 : ''}`;
    let deptCode = base;
    for (let n = 2; usedCodes.has(deptCode); n++) deptCode = `${base}${n}`;
    usedCodes.add(deptCode);
    const site = campuses[campus] as CampusRecord;
    const dept: DeptRecord = {
      deptCode,
      deptName,
      stdDeptCode: tpl.std,
      campusCode: site.campusCode,
      intro: campus === 0 ? tpl.intro : `位于${site.campusName}，${tpl.intro}`,
    };
    return { dept, template };
  });
}
