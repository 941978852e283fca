import type { AxiosInstance } from 'axios';
import { UpstreamError } from '../../../lib/upstream-error';
import type { FeedAdapterConfig } from '../common/feed-adapter';
import {
  createFeedHttp,
  expectContentType,
  feedRequest,
  parseJsonBody,
  sameOriginUrl,
  upstreamName,
} from '../common/http';
import { zodReason } from '../common/skipped';
import { Manifest } from './manifest';

const JSON_TYPE = /^application\/(fhir\+)?json\b/i;
const NDJSON_TYPE = /^application\/((fhir\+)?ndjson|x-ndjson)\b/i;

export interface NdjsonFile {
  notModified: boolean;
  /** One parsed JSON value per non-empty line; the mapper validates each one. */
  records: unknown[];
  etag?: string;
}

/** SMART Scheduling Links over HTTP: the manifest and the NDJSON files it lists (same origin only). */
export class SmartClient {
  private readonly http: AxiosInstance;
  readonly upstream: string;

  constructor(private readonly config: FeedAdapterConfig) {
    this.http = createFeedHttp(config);
    this.upstream = upstreamName(config.id);
  }

  async manifest(since: string | null, signal?: AbortSignal): Promise<Manifest> {
    const res = await feedRequest(this.http, this.upstream, {
      method: 'GET',
      url: `${this.config.baseUrl.replace(/\/+$/, '')}/$bulk-publish`,
      params: since ? { _since: since } : undefined,
      headers: { Accept: 'application/json' },
      signal,
    });
    expectContentType(this.upstream, res, JSON_TYPE);
    const parsed = Manifest.safeParse(parseJsonBody(this.upstream, res));
    if (!parsed.success) {
      throw new UpstreamError(this.upstream, 'malformed', `bad manifest (${zodReason(parsed.error)})`, false);
    }
    return parsed.data;
  }

  /**
   * An NDJSON file. A line that is not JSON means the file is damaged (truncated in transit), so the
   * whole file is refused rather than taken as a smaller snapshot.
   */
  async ndjson(url: string, opts: { ifNoneMatch?: string; signal?: AbortSignal } = {}): Promise<NdjsonFile> {
    const res = await feedRequest(
      this.http,
      this.upstream,
      {
        method: 'GET',
        url: sameOriginUrl(this.upstream, this.config.baseUrl, url),
        headers: {
          Accept: 'application/fhir+ndjson',
          ...(opts.ifNoneMatch && { 'If-None-Match': opts.ifNoneMatch }),
        },
        signal: opts.signal,
      },
      { allowNotModified: Boolean(opts.ifNoneMatch) },
    );
    if (res.status === 304) return { notModified: true, records: [], etag: opts.ifNoneMatch };
    expectContentType(this.upstream, res, NDJSON_TYPE);
    const records: unknown[] = [];
    const lines = res.body.toString('utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        throw new UpstreamError(this.upstream, 'malformed', `line ${i + 1} of ${url} is not JSON`, false);
      }
    }
    return { notModified: false, records, ...(res.headers.etag && { etag: res.headers.etag }) };
  }
}
