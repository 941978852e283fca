import type { AxiosInstance } from 'axios';
import type { z } from 'zod';
import { UpstreamError } from '../../../lib/upstream-error';
import type { FeedAdapterConfig, FeedFileProblem } from '../common/feed-adapter';
import {
  createFeedHttp,
  expectContentType,
  parseJsonBody,
  sendRaw,
  statusError,
  sameOriginUrl,
  upstreamName,
  type FeedResponse,
} from '../common/http';
import { zodReason } from '../common/skipped';
import { outcomeText } from './operation-outcome';
import { SearchBundle } from './slot-schemas';

const FHIR_JSON = /^application\/(fhir\+)?json\b/i;
export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_MAX_PAGES = 50;

export type Bundle = z.infer<typeof SearchBundle>;

export interface SearchResult {
  notModified: boolean;
  /** Every match over all pages (unparsed: the mapper validates each one). */
  resources: unknown[];
  /** Resources the server added for `_include` (search.mode = include), by type. */
  included: unknown[];
  /** What the server said in OperationOutcome entries (warnings about the search). */
  outcomes: string[];
  /** A page that could not be followed; the pages before it were read. */
  problems: FeedFileProblem[];
  /** The first page's Bundle.meta.lastUpdated: the newest change the search saw when it began. */
  lastUpdated?: string;
  /** The first page's ETag, for If-None-Match next time. */
  etag?: string;
}

const typeOf = (r: unknown) => (r as { resourceType?: unknown } | null)?.resourceType;

/**
 * FHIR R4 search over HTTP: one request per page, following `next` links (relative or absolute)
 * on the feed's own origin. A link elsewhere, or a page that fails, ends the paging as a
 * problem: what was read is kept and the search is marked incomplete.
 */
export class FhirClient {
  private readonly http: AxiosInstance;
  readonly upstream: string;
  private readonly maxPages: number;
  private readonly base: string;

  constructor(private readonly config: FeedAdapterConfig) {
    this.http = createFeedHttp(config);
    this.upstream = upstreamName(config.id);
    this.maxPages = config.maxPages ?? DEFAULT_MAX_PAGES;
    this.base = `${config.baseUrl.replace(/\/+$/, '')}/`;
  }

  async search(
    type: 'Slot' | 'Schedule',
    params: Record<string, string | number>,
    opts: { ifNoneMatch?: string; signal?: AbortSignal },
  ): Promise<SearchResult> {
    const first = await this.get(`${this.base}${type}`, params, opts.ifNoneMatch, opts.signal);
    if (first.status === 304) {
      return {
        notModified: true,
        resources: [],
        included: [],
        outcomes: [],
        problems: [],
        etag: opts.ifNoneMatch,
      };
    }
    let bundle = this.bundleOf(first);
    const result: SearchResult = {
      notModified: false,
      resources: [],
      included: [],
      outcomes: [],
      problems: [],
      ...(bundle.meta?.lastUpdated && { lastUpdated: bundle.meta.lastUpdated }),
      ...(first.headers.etag && { etag: first.headers.etag }),
    };
    this.collect(bundle, type, result);
    for (let pages = 1; ; pages += 1) {
      const next = bundle.link.find((l) => l.relation === 'next')?.url;
      if (!next) return result;
      let url: string;
      try {
        // Relative links resolve against the FHIR base (not its parent); other origins are refused.
        url = sameOriginUrl(this.upstream, this.base, next);
      } catch (err) {
        result.problems.push({ url: next.slice(0, 300), reason: (err as Error).message });
        return result;
      }
      if (pages >= this.maxPages) {
        result.problems.push({ url, reason: `${type} search has more than ${this.maxPages} pages` });
        return result;
      }
      try {
        bundle = this.bundleOf(await this.get(url, undefined, undefined, opts.signal));
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        result.problems.push({ url, reason: (err as Error).message });
        return result;
      }
      this.collect(bundle, type, result);
    }
  }

  private collect(bundle: Bundle, type: string, into: SearchResult): void {
    for (const entry of bundle.entry) {
      const resourceType = typeOf(entry.resource);
      if (resourceType === 'OperationOutcome') {
        const text = outcomeText(entry.resource);
        if (text) into.outcomes.push(text);
      } else if (entry.search?.mode === 'include' || (type === 'Slot' && resourceType === 'Schedule')) {
        // Servers that ignore search.mode still put the _include'd Schedules in the page.
        into.included.push(entry.resource);
      } else {
        into.resources.push(entry.resource);
      }
    }
  }

  private async get(
    url: string,
    params: Record<string, string | number> | undefined,
    ifNoneMatch: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<FeedResponse> {
    const res = await sendRaw(this.http, this.upstream, {
      method: 'GET',
      url,
      params,
      headers: { Accept: 'application/fhir+json', ...(ifNoneMatch && { 'If-None-Match': ifNoneMatch }) },
      signal,
    });
    if (res.status === 200 || (res.status === 304 && ifNoneMatch)) return res;
    const error = statusError(this.upstream, res);
    // A FHIR server says why in an OperationOutcome; hospital IT needs that sentence, not a code.
    const said = outcomeText(safeJson(res.body));
    if (said) error.message = `${error.message}: ${said}`;
    throw error;
  }

  private bundleOf(res: FeedResponse): Bundle {
    expectContentType(this.upstream, res, FHIR_JSON);
    const body = parseJsonBody(this.upstream, res);
    if (typeOf(body) === 'OperationOutcome') {
      throw new UpstreamError(
        this.upstream,
        'malformed',
        `OperationOutcome: ${outcomeText(body) ?? 'no details'}`,
        false,
      );
    }
    const parsed = SearchBundle.safeParse(body);
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

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
