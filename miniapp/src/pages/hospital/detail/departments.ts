import type { Department } from '@jiankang/shared';
import { DEPARTMENT_CATEGORIES, type DepartmentCategory } from '@jiankang/shared/domain';

export interface DepartmentGroup {
  category: DepartmentCategory;
  name: string;
  departments: Department[];
}

/**
 * Departments grouped by category, groups in the standard order (内科, 外科, …, 其他); inside a
 * group the hospital's own order. A category the app does not know yet goes last under the
 * name the BFF sent.
 */
export function groupDepartments(departments: readonly Department[]): DepartmentGroup[] {
  const order = new Map<string, number>(DEPARTMENT_CATEGORIES.map((c, i) => [c.code, i]));
  const groups = new Map<string, DepartmentGroup>();
  for (const d of departments) {
    let g = groups.get(d.category);
    if (!g) {
      g = { category: d.category, name: d.categoryName, departments: [] };
      groups.set(d.category, g);
    }
    g.departments.push(d);
  }
  const rank = (c: string) => order.get(c) ?? DEPARTMENT_CATEGORIES.length;
  return [...groups.values()].sort((a, b) => rank(a.category) - rank(b.category));
}
