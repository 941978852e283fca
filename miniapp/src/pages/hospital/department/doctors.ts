import type { Doctor } from '@jiankang/shared';
import { titleRank } from '@jiankang/shared/domain';

/** 主任医师 first, then 副主任医师, 主治医师, 住院医师; the hospital's order within a title. */
export function sortDoctors(doctors: readonly Doctor[]): Doctor[] {
  return doctors
    .map((d, i) => ({ d, i }))
    .sort((a, b) => titleRank(a.d.title) - titleRank(b.d.title) || a.i - b.i)
    .map(({ d }) => d);
}
