export { startRegionalPlatform, DEFAULT_APPS, DEFAULT_MAX_SKEW_MS, DEFAULT_SEED } from './regional/server';
export { canonicalQuery, canonicalString, computeSignature, type CanonicalInput } from './regional/signature';
export { PLATFORM_NAME } from './regional/routes';
export type {
  CampusRecord,
  DeptRecord,
  DoctorRecord,
  Faults,
  HospitalRecord,
  RegionalPlatformHandle,
  RegionalPlatformOptions,
} from './regional/types';
export { createRng, type Rng, type Seed } from './lib/prng';
export { listen, type Listening } from './lib/listen';
export { FaultSwitch, NO_FAULTS, faultMiddleware } from './lib/faults';
