import { residentIdCheckChar } from '@jiankang/shared';

/**
 * The ID number of synthetic person n of sim/src/testing/report-people.ts (`syntheticMasterId(n)`
 * is the master id the EMPI simulator gives it, named 张晓明), for adding them as a patient.
 */
export function syntheticIdNumber(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10);
  const first17 = `441302${birth.replaceAll('-', '')}${String(n % 998).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export const SYNTHETIC_NAME = '张晓明';
