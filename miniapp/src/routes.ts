/** Page URLs in one place, so a renamed page breaks the build, not a tap. */
const q = (pairs: Record<string, string | undefined>) =>
  Object.entries(pairs)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

export const routes = {
  home: () => '/pages/index/index',
  hospital: (id: string) => `/pages/hospital/detail/index?id=${encodeURIComponent(id)}`,
  department: (hospitalId: string, deptId: string, hospitalName?: string, date?: string) =>
    `/pages/hospital/department/index?${q({ hospitalId, deptId, hname: hospitalName, date })}`,
  /** 全市最早可约 for a standard department code (e.g. 03.04), with its name for the title. */
  earliest: (deptCode: string, deptName?: string) =>
    `/pages/hospital/earliest/index?${q({ dept: deptCode, dname: deptName })}`,
};
