export { useAsync } from './useAsync';
export { useDebouncedValue } from './useDebouncedValue';
export { useHospitalList } from './useHospitalList';
export type { HospitalFilters, HospitalListState } from './useHospitalList';
export { usePatientChoice } from './usePatientChoice';
