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
  /** The hospital's service-level schedules (普通门诊 …) its feed put in no department. */
  services: (hospitalId: string, hospitalName?: string, date?: string) =>
    `/pages/hospital/department/index?${q({ hospitalId, services: '1', hname: hospitalName, date })}`,
  /** 全市最早可约 for a standard department code (e.g. 03.04), with its name for the title. */
  earliest: (deptCode: string, deptName?: string) =>
    `/pages/hospital/earliest/index?${q({ dept: deptCode, dname: deptName })}`,
  /** 我的: bookings, patients, sign in/out. */
  mine: () => '/pages/account/mine/index',
  /** 登录, then back to `redirect` (through 隐私保护指引 if not yet accepted). */
  login: (redirect?: string) => `/pages/account/login/index?${q({ redirect })}`,
  consent: (redirect?: string) => `/pages/account/consent/index?${q({ redirect })}`,
  patients: () => '/pages/patients/list/index',
  patientAdd: () => '/pages/patients/edit/index',
  bookingConfirm: (slotId: string) => `/pages/booking/confirm/index?${q({ slotId })}`,
  /** `reminder`: what the subscribe dialog answered on the confirmation page (weapp). */
  bookingSuccess: (id: string, reminder?: string) => `/pages/booking/success/index?${q({ id, reminder })}`,
  bookings: (tab?: string) => `/pages/booking/list/index?${q({ tab })}`,
  /** 电子健康卡 of a patient (the first one when not given). */
  healthCard: (patientId?: string) => `/pages/card/index/index?${q({ patientId })}`,
  /** 检查检验报告 of a patient (the first one when not given). */
  reports: (patientId?: string) => `/pages/reports/list/index?${q({ patientId })}`,
  report: (id: string, patientId?: string) => `/pages/reports/detail/index?${q({ id, patientId })}`,
  /** Hospital IT's feed console (H5). */
  console: () => '/pages/console/feeds/index',
  reportTrend: (patientId: string, code: string) => `/pages/reports/trend/index?${q({ patientId, code })}`,
};
