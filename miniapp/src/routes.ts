/** Page URLs in one place, so a renamed page breaks the build, not a tap. */
export const routes = {
  home: () => '/pages/index/index',
  hospital: (id: string) => `/pages/hospital/detail/index?id=${encodeURIComponent(id)}`,
  department: (hospitalId: string, deptId: string, hospitalName?: string) =>
    `/pages/hospital/department/index?hospitalId=${encodeURIComponent(hospitalId)}&deptId=${encodeURIComponent(deptId)}` +
    (hospitalName ? `&hname=${encodeURIComponent(hospitalName)}` : ''),
};
