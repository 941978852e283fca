import { badQuery } from './envelope';

export interface Paging {
  page: number;
  pageSize: number;
}

const DIGITS = /^\d{1,9}$/;

/** Query parameters by name; an unknown or repeated one is refused so client typos show up. */
export function readQuery(rawQuery: string, allowed: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    if (!allowed.includes(key)) throw badQuery(`unknown query parameter "${key}"`);
    if (values.has(key)) throw badQuery(`query parameter "${key}" given more than once`);
    values.set(key, value);
  }
  return values;
}

function intParam(values: Map<string, string>, name: string, min: number, max: number, fallback: number) {
  const raw = values.get(name);
  if (raw === undefined) return fallback;
  const n = DIGITS.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max))
    throw badQuery(`query parameter "${name}" must be an integer from ${min} to ${max}`);
  return n;
}

export function readPaging(rawQuery: string): Paging {
  const values = readQuery(rawQuery, ['page', 'pageSize']);
  return {
    page: intParam(values, 'page', 1, 100_000, 1),
    pageSize: intParam(values, 'pageSize', 1, 100, 20),
  };
}

export function pageOf<T>(items: readonly T[], { page, pageSize }: Paging) {
  const start = (page - 1) * pageSize;
  return { total: items.length, page, pageSize, items: items.slice(start, start + pageSize) };
}
