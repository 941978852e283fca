import { z } from 'zod';
import type { IdType } from '@jiankang/shared/domain';
import { UpstreamError } from '../../lib/upstream-error';
import type { RegionalClient } from './client';

/** 身份证件类别代码 the platform speaks (WS 364, CV02.01.101). */
const PLATFORM_ID_TYPE: Record<IdType, string> = {
  resident_id: '01',
  passport: '03',
  hk_macau_permit: '06',
  taiwan_permit: '07',
};

const PATH = '/open/v1/empi/persons/match';
const NOT_FOUND_CODE = 40402;
const UPSTREAM = 'regional';
const MatchData = z.object({ masterId: z.string().min(1).max(64) });
/** Refusals carry no `data`, so it is optional here (unlike the directory's read envelope). */
const Envelope = z.object({ code: z.number(), message: z.string().optional(), data: z.unknown().optional() });

export interface PersonQuery {
  name: string;
  idType: IdType;
  idNumber: string;
}

export type PersonMatch = { found: true; masterId: string } | { found: false };

export interface PersonIndex {
  match(query: PersonQuery): Promise<PersonMatch>;
}

/**
 * The platform's 主索引 (EMPI), docs/upstreams/regional-platform.md "EMPI". A signed POST, sent
 * once with no retry: it is asked while a resident waits on the form, and the caller answers
 * 502 when it fails. Error messages never carry the name or ID number.
 */
export class RegionalEmpi implements PersonIndex {
  constructor(private readonly client: RegionalClient) {}

  async match(query: PersonQuery): Promise<PersonMatch> {
    const res = await this.client.post(
      PATH,
      JSON.stringify({ name: query.name, idType: PLATFORM_ID_TYPE[query.idType], idNumber: query.idNumber }),
    );
    const envelope = Envelope.safeParse(res.body);
    const code = envelope.success ? envelope.data.code : undefined;
    if (res.status === 404 && code === NOT_FOUND_CODE) return { found: false };
    if (res.status === 401 || res.status === 403)
      throw new UpstreamError(
        UPSTREAM,
        'auth',
        `EMPI refused our signature (code ${code})`,
        false,
        res.status,
      );
    if (res.status !== 200 || !envelope.success || code !== 0)
      throw new UpstreamError(
        UPSTREAM,
        'status',
        `EMPI: HTTP ${res.status} code ${code ?? 'none'}`,
        res.status === 429 || res.status >= 500,
        res.status,
      );
    const data = MatchData.safeParse(envelope.data.data);
    if (!data.success)
      throw new UpstreamError(UPSTREAM, 'malformed', 'EMPI: no masterId in the answer', false);
    return { found: true, masterId: data.data.masterId };
  }
}
