/**
 * Huizhou's county-level areas as residents name them. 大亚湾 and 仲恺 are functional zones
 * (经济技术开发区 / 高新区) rather than administrative districts, but every city app lists
 * them beside the districts because that is how people say where a hospital is.
 */
export const DISTRICTS = [
  { code: 'huicheng', name: '惠城区' },
  { code: 'huiyang', name: '惠阳区' },
  { code: 'huidong', name: '惠东县' },
  { code: 'boluo', name: '博罗县' },
  { code: 'longmen', name: '龙门县' },
  { code: 'dayawan', name: '大亚湾' },
  { code: 'zhongkai', name: '仲恺' },
] as const;

export type DistrictCode = (typeof DISTRICTS)[number]['code'];

export const DISTRICT_CODES = DISTRICTS.map((d) => d.code) as [DistrictCode, ...DistrictCode[]];

export function districtName(code: DistrictCode): string {
  return DISTRICTS.find((d) => d.code === code)?.name ?? code;
}
