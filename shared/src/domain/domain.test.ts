import { DEPARTMENT_CATEGORIES, STANDARD_DEPARTMENTS, departmentCategory } from './departments';
import { DISTRICTS } from './districts';
import { ERROR_CODES } from './errors';
import { GRADES, gradeRank } from './grades';

describe('domain tables', () => {
  it('standard department codes are unique, well-formed and in a known category', () => {
    const codes = STANDARD_DEPARTMENTS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    const categories = new Set(DEPARTMENT_CATEGORIES.map((c) => c.code));
    for (const d of STANDARD_DEPARTMENTS) {
      expect(d.code).toMatch(/^[0-9]{2}(\.[0-9]{2})?$/);
      expect(categories.has(d.category)).toBe(true);
    }
  });

  it('when a specialty is not in the table, then it groups under its subject', () => {
    expect(departmentCategory('03.99')).toBe('internal');
    expect(departmentCategory('99')).toBe('other');
  });

  it('covers the seven areas residents name', () => {
    expect(DISTRICTS.map((d) => d.name)).toEqual([
      '惠城区',
      '惠阳区',
      '惠东县',
      '博罗县',
      '龙门县',
      '大亚湾',
      '仲恺',
    ]);
  });

  it('ranks 三级甲等 above 二级甲等 above 一级', () => {
    expect(gradeRank('3A')).toBeLessThan(gradeRank('2A'));
    expect(gradeRank('2A')).toBeLessThan(gradeRank('1'));
    expect(GRADES).toHaveLength(8);
  });

  it('every error code has a 4xx or 5xx status and a description', () => {
    for (const [code, { status, description }] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(description.length).toBeGreaterThan(10);
    }
  });
});
