export { ApiError, buildQuery, request } from './client';
export type { Query, RequestOptions } from './client';
export { describeError, errorMessage } from './errors';
export type { ErrorView } from './errors';
export { getHospital, listDoctors, listHospitals } from './hospitals';
export type { HospitalListParams } from './hospitals';
export { getHospitalPlaces, getSchedule, getServiceSchedule, getSlot, searchEarliest } from './slots';
export type { EarliestParams, ScheduleParams } from './slots';
