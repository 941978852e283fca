import type { Department } from '@jiankang/shared';
import { categoryName, type DepartmentCategory } from '@jiankang/shared/domain';
import { groupDepartments } from './departments';

const dept = (id: string, category: DepartmentCategory): Department => ({
  id,
  code: '00',
  name: id,
  category,
  categoryName: categoryName(category),
  doctorCount: 1,
});

describe('groupDepartments', () => {
  it('when departments come in any order, then groups follow DEPARTMENT_CATEGORIES and keep the hospital order inside', () => {
    const groups = groupDepartments([
      dept('er', 'emergency'),
      dept('ortho', 'surgery'),
      dept('cardio', 'internal'),
      dept('gi', 'internal'),
      dept('derm', 'other'),
      dept('acu', 'tcm'),
    ]);
    expect(groups.map((g) => g.name)).toEqual(['内科', '外科', '中医科', '急诊 · 重症', '其他']);
    expect(groups[0]?.departments.map((d) => d.id)).toEqual(['cardio', 'gi']);
  });

  it('when there are no departments, then there are no groups', () => {
    expect(groupDepartments([])).toEqual([]);
  });
});
