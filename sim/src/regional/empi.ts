import { createHmac } from 'node:crypto';
import { badBody } from './envelope';

/**
 * The platform's 主索引 (EMPI): who a name + ID document is, as a stable master id. Simulated
 * deterministically: every well-formed document is a registered person whose master id is a
 * keyed hash of the document, so the same person always gets the same id, except the
 * documented unregistered set below (docs/upstreams/regional-platform.md, "EMPI").
 */

/** 身份证件类别代码 (WS 364 / CV02.01.101) the platform speaks. */
export const EMPI_ID_TYPES = {
  '01': '居民身份证',
  '03': '护照',
  '06': '港澳居民来往内地通行证',
  '07': '台湾居民来往大陆通行证',
} as const;
export type EmpiIdType = keyof typeof EMPI_ID_TYPES;

export interface EmpiQuery {
  name: string;
  idType: EmpiIdType;
  idNumber: string;
}

/** Names starting with this are never registered, whatever the document. */
export const UNREGISTERED_NAME_PREFIX = '测试未登记';
/** Resident IDs whose sequence digits (positions 15–17) are 999 are never registered. */
export const UNREGISTERED_SEQUENCE = '999';

const KEY = 'jiankang-sim-empi-v1';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function residentIdChecks(id: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

const FORMATS: Record<EmpiIdType, (id: string) => boolean> = {
  '01': residentIdChecks,
  '03': (id) => /^[A-Z0-9]{5,17}$/.test(id),
  '06': (id) => /^[HM][0-9]{8}([0-9]{2})?$/.test(id),
  '07': (id) => /^([0-9]{8}|[0-9]{10})$/.test(id),
};

/** Reads the JSON body of a match request; the message never repeats the ID number. */
export function parseEmpiQuery(raw: Buffer | undefined): EmpiQuery {
  let body: unknown;
  try {
    body = JSON.parse((raw ?? Buffer.alloc(0)).toString('utf8'));
  } catch {
    throw badBody('body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badBody('body must be an object');
  const { name, idType, idNumber, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw badBody(`unknown field ${extra.slice(0, 40)}`);
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 50)
    throw badBody('name is required');
  if (typeof idType !== 'string' || !Object.hasOwn(EMPI_ID_TYPES, idType))
    throw badBody('idType must be one of 01, 03, 06, 07');
  if (typeof idNumber !== 'string' || idNumber.length === 0 || idNumber.length > 40)
    throw badBody('idNumber is required');
  return { name: name.trim(), idType: idType as EmpiIdType, idNumber };
}

/** The master id of a registered person, or undefined when the index does not know them. */
export function matchPerson(q: EmpiQuery): string | undefined {
  const id = q.idNumber.toUpperCase();
  if (!FORMATS[q.idType](id)) return undefined;
  if (q.name.startsWith(UNREGISTERED_NAME_PREFIX)) return undefined;
  if (q.idType === '01' && id.slice(14, 17) === UNREGISTERED_SEQUENCE) return undefined;
  const digest = createHmac('sha256', KEY).update(`${q.idType}|${id}`).digest('hex');
  return `EMPI${digest.slice(0, 20).toUpperCase()}`;
}
