import { residentIdCheckChar, type PatientResponse } from '@jiankang/shared';
import { bearer, type LoggedIn } from './auth';
import { request } from './http';

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/** Distinct valid IDs; sequence 999 is one the EMPI simulator does not know, so never used. */
export function crowdResidentId(n: number): string {
  const first17 = `441302${1940 + (n % 60)}0${1 + (n % 9)}1${n % 10}${String((n % 997) + 1).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * `perAccount` patients for each account (the first 本人, the rest children) through the real
 * API at `baseUrl`, 16 at a time: one booking crowd, each patient a distinct valid resident.
 */
export function crowdPatients(
  baseUrl: string,
  accounts: readonly LoggedIn[],
  perAccount: number,
): Promise<Array<{ who: LoggedIn; patientId: string }>> {
  return pool(
    Array.from({ length: accounts.length * perAccount }, (_, n) => n),
    16,
    async (n) => {
      const who = accounts[Math.floor(n / perAccount)] as LoggedIn;
      const res = await request<PatientResponse>(`${baseUrl}/api/v1/patients`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(who.accessToken) },
        body: JSON.stringify({
          name: '李四',
          idType: 'resident_id',
          idNumber: crowdResidentId(n + 1),
          phone: `137${String(10_000_000 + n).slice(-8)}`,
          relation: n % perAccount === 0 ? 'self' : 'child',
        }),
      });
      if (res.status !== 201) throw new Error(`patient ${n}: ${res.status} ${res.text}`);
      return { who, patientId: res.body.patient.id };
    },
  );
}
