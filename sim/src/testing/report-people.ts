import { residentIdCheckChar } from '@jiankang/shared/domain';
import { matchPerson } from '../regional/empi';

/**
 * Synthetic people for report tests: valid resident ID numbers (real birth dates, checksums)
 * put through the simulated EMPI, so each has the master id the platform would give them.
 */
export function syntheticMasterId(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000).toISOString().slice(0, 10);
  const sequence = String(n % 998).padStart(3, '0');
  const first17 = `441302${birth.replaceAll('-', '')}${sequence}`;
  const masterId = matchPerson({
    name: '张晓明',
    idType: '01',
    idNumber: first17 + residentIdCheckChar(first17),
  });
  if (!masterId) throw new Error(`synthetic person ${n} is not registered`);
  return masterId;
}

/** The first synthetic person (n = 0, 1, …) for whom `test` holds. */
export function findPerson(test: (masterId: string) => boolean, limit = 2_000): string {
  for (let n = 0; n < limit; n++) {
    const masterId = syntheticMasterId(n);
    if (test(masterId)) return masterId;
  }
  throw new Error(`no synthetic person among ${limit} passes the test`);
}
