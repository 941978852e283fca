import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
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
import { SearchBundle } from './slot-schemas';

const FHIR_JSON = /^application\/(fhir\+)?json\b/i;
export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_MAX_PAGES = 50;

export type Bundle = z.infer<typeof SearchBundle>;

export interface SearchResult {
  notModified: boolean;
  /** Every entry's resource over all pages (unparsed: the mapper validates each one). */
  resources: unknown[];
  /** The first page's Bundle.meta.lastUpdated: the newest change the search saw when it began. */
  lastUpdated?: string;
  /** The first page's ETag, for If-None-Match next time. */
  etag?: string;
}

/** FHIR R4 search over HTTP: one request per page, following `next` links on the feed's own origin. */
export class FhirClient {
  private readonly http: AxiosInstance;
  readonly upstream: string;
  private readonly maxPages: number;

  constructor(private readonly config: FeedAdapterConfig) {
    this.http = createFeedHttp(config);
    this.upstream = upstreamName(config.id);
    this.maxPages = config.maxPages ?? DEFAULT_MAX_PAGES;
  }

  async search(
    type: 'Slot' | 'Schedule',
    params: Record<string, string | number>,
    opts: { ifNoneMatch?: string; signal?: AbortSignal },
  ): Promise<SearchResult> {
    const base = this.config.baseUrl.replace(/\/+$/, '');
    const first = await feedRequest(
      this.http,
      this.upstream,
      {
        method: 'GET',
        url: `${base}/${type}`,
        params,
        headers: {
          Accept: 'application/fhir+json',
          ...(opts.ifNoneMatch && { 'If-None-Match': opts.ifNoneMatch }),
        },
        signal: opts.signal,
      },
      { allowNotModified: Boolean(opts.ifNoneMatch) },
    );
    if (first.status === 304) return { notModified: true, resources: [], etag: opts.ifNoneMatch };
    let bundle = this.bundleOf(first);
    const resources = bundle.entry.map((e) => e.resource);
    const result: SearchResult = {
      notModified: false,
      resources,
      ...(bundle.meta?.lastUpdated && { lastUpdated: bundle.meta.lastUpdated }),
      ...(first.headers.etag && { etag: first.headers.etag }),
    };
    for (let pages = 1; ; pages += 1) {
      const next = bundle.link.find((l) => l.relation === 'next')?.url;
      if (!next) return result;
      if (pages >= this.maxPages) {
        throw new UpstreamError(
          this.upstream,
          'malformed',
          `${type} search has more than ${this.maxPages} pages`,
          false,
        );
      }
      const page = await feedRequest(this.http, this.upstream, {
        method: 'GET',
        url: sameOriginUrl(this.upstream, this.config.baseUrl, next),
        headers: { Accept: 'application/fhir+json' },
        signal: opts.signal,
      });
      bundle = this.bundleOf(page);
      resources.push(...bundle.entry.map((e) => e.resource));
    }
  }

  private bundleOf(res: Awaited<ReturnType<typeof feedRequest>>): Bundle {
    expectContentType(this.upstream, res, FHIR_JSON);
    const parsed = SearchBundle.safeParse(parseJsonBody(this.upstream, res));
    if (!parsed.success) {
      throw new UpstreamError(
        this.upstream,
        'malformed',
        `not a searchset Bundle (${zodReason(parsed.error)})`,
        false,
      );
    }
    return parsed.data;
  }
}
