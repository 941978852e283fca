import { residentIdCheckChar } from '@jiankang/shared';

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
