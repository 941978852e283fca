import type { AxiosInstance } from 'axios';
import { UpstreamError } from '../../../lib/upstream-error';
import type { FeedAdapterConfig } from '../common/feed-adapter';
import { createFeedHttp, feedRequest, upstreamName } from '../common/http';
import { zodReason } from '../common/skipped';
import { Manifest } from './manifest';

export interface NdjsonFile {
  notModified: boolean;
  /** One parsed JSON value per non-empty line, with its line number; the mapper validates each. */
  records: { line: number; value: unknown }[];
  /** Lines that are not JSON: skipped, and the file is then not a whole snapshot. */
  badLines: number[];
  etag?: string;
}

/**
 * SMART Scheduling Links over HTTP. Real hosts serve the manifest and NDJSON files as
 * application/json, application/fhir+ndjson, application/x-ndjson, text/plain or
 * application/octet-stream (a cloud bucket), so a file is judged by parsing it, not by its
 * Content-Type; lines end in LF or CRLF, blank lines are allowed and the last newline is optional.
 */
export class SmartClient {
  private readonly http: AxiosInstance;
  readonly upstream: string;

  constructor(private readonly config: FeedAdapterConfig) {
    this.http = createFeedHttp(config);
    this.upstream = upstreamName(config.id);
  }

  /** The manifest: its own URL when the registry names one ending in `$bulk-publish`, else base + it. */
  manifestUrl(): string {
    const base = this.config.baseUrl.replace(/\/+$/, '');
    return base.endsWith('$bulk-publish') ? base : `${base}/$bulk-publish`;
  }

  async manifest(since: string | null, signal?: AbortSignal): Promise<Manifest> {
    const res = await feedRequest(this.http, this.upstream, {
      method: 'GET',
      url: this.manifestUrl(),
      params: since ? { _since: since } : undefined,
      headers: { Accept: 'application/json' },
      signal,
    });
    let body: unknown;
    try {
      body = JSON.parse(stripBom(res.body.toString('utf8')));
    } catch {
      const type = res.headers['content-type'] ?? 'none';
      throw new UpstreamError(
        this.upstream,
        'malformed',
        `manifest is not JSON (Content-Type ${type})`,
        false,
      );
    }
    const parsed = Manifest.safeParse(body);
    if (!parsed.success) {
      throw new UpstreamError(this.upstream, 'malformed', `bad manifest (${zodReason(parsed.error)})`, false);
    }
    return parsed.data;
  }

  /**
   * Where a manifest's file URL may lead: the manifest's own host only. A publisher can host files
   * on a CDN path of its own origin; a URL on any other host is refused, since following it would
   * let a feed make us fetch arbitrary addresses (SSRF).
   */
  resolveFileUrl(url: string): { ok: true; url: string } | { ok: false; reason: string } {
    let resolved: URL;
    try {
      resolved = new URL(url, this.manifestUrl());
    } catch {
      return { ok: false, reason: 'not a URL' };
    }
    if (!/^https?:$/.test(resolved.protocol)) return { ok: false, reason: `${resolved.protocol} refused` };
    const own = new URL(this.manifestUrl());
    if (resolved.host !== own.host) {
      return { ok: false, reason: `on another host (${resolved.host}) than the registered feed: refused` };
    }
    return { ok: true, url: resolved.toString() };
  }

  async ndjson(url: string, opts: { ifNoneMatch?: string; signal?: AbortSignal } = {}): Promise<NdjsonFile> {
    const res = await feedRequest(
      this.http,
      this.upstream,
      {
        method: 'GET',
        url,
        headers: {
          Accept: 'application/fhir+ndjson, application/x-ndjson, application/json;q=0.9, */*;q=0.5',
          ...(opts.ifNoneMatch && { 'If-None-Match': opts.ifNoneMatch }),
        },
        signal: opts.signal,
      },
      { allowNotModified: Boolean(opts.ifNoneMatch) },
    );
    if (res.status === 304) return { notModified: true, records: [], badLines: [], etag: opts.ifNoneMatch };
    return {
      notModified: false,
      ...parseNdjson(res.body.toString('utf8')),
      ...(res.headers.etag && { etag: res.headers.etag }),
    };
  }
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** NDJSON as hosts write it: LF or CRLF, blank lines, with or without a final newline, a BOM. */
export function parseNdjson(text: string): Pick<NdjsonFile, 'records' | 'badLines'> {
  const records: NdjsonFile['records'] = [];
  const badLines: number[] = [];
  for (const [i, line] of stripBom(text).split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    try {
      records.push({ line: i + 1, value: JSON.parse(line) });
    } catch {
      badLines.push(i + 1);
    }
  }
  return { records, badLines };
}
