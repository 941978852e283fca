import { beijingMs } from '../beijing-time';

/** A search the client got wrong: answered 400 with an OperationOutcome. */
export class SearchError extends Error {}

type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le';
export type DateTest = (ms: number) => boolean;

const DATE_RE =
  /^(eq|ne|gt|lt|ge|le)?(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A FHIR date search value as the range its precision covers ([lo, hi) in ms). A value
 * without an offset is Beijing time. `+` must be sent as %2B; a space there is taken as `+`.
 */
export function parseDateParam(name: string, raw: string): DateTest {
  const value = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = DATE_RE.exec(value);
  if (!m) throw new SearchError(`${name}: "${raw}" is not a FHIR date search value`);
  const [, prefix = 'eq', date = '', hm, sec, ms, zone] = m;
  if (
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  )
    throw new SearchError(`${name}: "${date}" is not a calendar date`);
  let lo: number;
  let width: number;
  if (!hm) {
    lo = beijingMs(date);
    width = 86_400_000;
  } else {
    const local = `${date}T${hm}:${sec ?? '00'}.${(ms ?? '0').padEnd(3, '0')}`;
    const offset = zone ?? '+08:00';
    lo = Date.parse(`${local}${offset === 'Z' ? 'Z' : offset}`);
    if (Number.isNaN(lo)) throw new SearchError(`${name}: "${raw}" is not a valid instant`);
    width = ms !== undefined ? 1 : sec !== undefined ? 1000 : 60_000;
  }
  const hi = lo + width;
  const tests: Record<Prefix, DateTest> = {
    eq: (t) => t >= lo && t < hi,
    ne: (t) => t < lo || t >= hi,
    gt: (t) => t >= hi,
    ge: (t) => t >= lo,
    lt: (t) => t < lo,
    le: (t) => t < hi,
  };
  return tests[prefix as Prefix];
}

/** Every value of a repeated date parameter must hold (AND), e.g. start=ge…&start=lt…. */
export function dateFilter(params: URLSearchParams, name: string): DateTest | undefined {
  const tests = params.getAll(name).map((v) => parseDateParam(name, v));
  return tests.length ? (t) => tests.every((test) => test(t)) : undefined;
}

/** A token parameter: `code` or `system|code`, comma-separated values meaning OR. */
export function tokenFilter(
  params: URLSearchParams,
  name: string,
): ((codings: { system: string; code: string }[]) => boolean) | undefined {
  const raw = params.get(name);
  if (raw == null) return undefined;
  const wanted = raw.split(',').map((v) => {
    const bar = v.indexOf('|');
    return bar < 0 ? { code: v } : { system: v.slice(0, bar), code: v.slice(bar + 1) };
  });
  return (codings) =>
    wanted.some((w) =>
      codings.some((c) => c.code === w.code && (w.system === undefined || c.system === w.system)),
    );
}

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 500;

export function readCount(params: URLSearchParams): number {
  const raw = params.get('_count');
  if (raw == null) return DEFAULT_COUNT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new SearchError(`_count: "${raw}" is not a positive integer`);
  return Math.min(Number(raw), MAX_COUNT);
}

export const PAGE_PARAM = '_page_token';

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function readPageToken(params: URLSearchParams): number {
  const raw = params.get(PAGE_PARAM);
  if (raw == null) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new SearchError(`${PAGE_PARAM}: not a token this server issued`);
}
