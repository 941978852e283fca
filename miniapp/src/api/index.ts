export { ApiError, buildQuery, request } from './client';
export type { Query, RequestOptions } from './client';
export { errorMessage } from './errors';
export { getHospital, listDoctors, listHospitals } from './hospitals';
export type { HospitalListParams } from './hospitals';
