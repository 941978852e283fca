import { createHash } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import iconv from 'iconv-lite';
import { UpstreamError } from '../../../lib/upstream-error';
import type { FeedAdapterConfig } from '../common/feed-adapter';
import {
  createFeedHttp,
  expectContentType,
  feedRequest,
  upstreamName,
  type FeedResponse,
} from '../common/http';
import { zodReason } from '../common/skipped';
import { fieldsOf, parseXml, XmlSyntaxError, type XmlElement } from './xml';
import { ResultCode, TRANSIENT_CODES } from './slot-schemas';

const XML_TYPE = /^(text|application)\/xml\b/i;
/** 交易代码 1002: 排班号源, the whole window when sent without filters. */
export const TRADE_SCHEDULE = '1002';

/** Charset from Content-Type, else from the XML declaration, else UTF-8. */
export function declaredCharset(res: FeedResponse): string {
  const header = /charset\s*=\s*"?([\w.:-]+)/i.exec(res.headers['content-type'] ?? '')?.[1];
  if (header) return header.toLowerCase();
  const prolog = res.body.subarray(0, 200).toString('latin1');
  const declared = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/.exec(
    prolog,
  )?.[1];
  return (declared ?? 'utf-8').toLowerCase();
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** One 交易 request: `<Request><JYDM>trade</JYDM><FIELD>…</FIELD>…</Request>` in the HIS's charset. */
export function hisRequest(
  trade: string,
  fields: Record<string, string>,
  encoding: 'utf-8' | 'gbk' | undefined,
): { data: Buffer; headers: Record<string, string> } {
  const charset = encoding === 'gbk' ? 'GBK' : 'UTF-8';
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  const xml = `<?xml version="1.0" encoding="${charset}"?><Request><JYDM>${trade}</JYDM>${body}</Request>`;
  return {
    data: iconv.encode(xml, charset),
    headers: { 'Content-Type': `text/xml; charset=${charset}`, Accept: 'text/xml' },
  };
}

/** The `<Response>` root of an answer, decoded from its declared charset; 'malformed' otherwise. */
export function readHisResponse(upstream: string, res: FeedResponse): XmlElement {
  const charset = declaredCharset(res);
  if (!iconv.encodingExists(charset)) {
    throw new UpstreamError(upstream, 'malformed', `unknown charset ${charset}`, false);
  }
  try {
    const root = parseXml(iconv.decode(res.body, charset));
    if (root.name !== 'Response') throw new XmlSyntaxError(`root is <${root.name}>`);
    return root;
  } catch (err) {
    const why = err instanceof XmlSyntaxError ? err.message : 'unreadable';
    throw new UpstreamError(upstream, 'malformed', `bad XML: ${why}`, false, res.status);
  }
}

/** A legacy HIS web service: POST an XML <Request> with a 交易代码, read FHDM/FHXX and the list. */
export class HisClient {
  private readonly http: AxiosInstance;
  readonly upstream: string;

  constructor(private readonly config: FeedAdapterConfig) {
    this.http = createFeedHttp(config);
    this.upstream = upstreamName(config.id);
  }

  /** The `<ROW>` records under `listTag`, as flat field maps (validated by the caller). */
  async call(trade: string, listTag: string, signal?: AbortSignal): Promise<Record<string, string>[]> {
    return (await this.callIfChanged(trade, listTag, null, signal)).rows ?? [];
  }

  /**
   * As `call`, but `rows` is null when the answer is byte-for-byte the one whose digest is
   * `previousDigest`: a HIS has no incremental query, yet most full pulls are unchanged, and
   * skipping their parse and diff keeps a poll at the cost of one request.
   */
  async callIfChanged(
    trade: string,
    listTag: string,
    previousDigest: string | null,
    signal?: AbortSignal,
  ): Promise<{ digest: string; rows: Record<string, string>[] | null }> {
    const res = await feedRequest(this.http, this.upstream, {
      method: 'POST',
      url: this.config.baseUrl,
      ...hisRequest(trade, {}, this.config.encoding),
      signal,
    });
    expectContentType(this.upstream, res, XML_TYPE);
    const digest = createHash('sha256').update(res.body).digest('hex');
    if (digest === previousDigest) return { digest, rows: null };
    const root = readHisResponse(this.upstream, res);
    const head = fieldsOf(root);
    const code = ResultCode.safeParse(head.FHDM);
    if (!code.success) {
      throw new UpstreamError(
        this.upstream,
        'malformed',
        `no result code FHDM (${zodReason(code.error)})`,
        false,
      );
    }
    if (code.data !== 0) {
      const message = `HIS ${trade} refused: FHDM ${code.data} ${(head.FHXX ?? '').slice(0, 100)}`;
      throw new UpstreamError(this.upstream, 'status', message, TRANSIENT_CODES.has(code.data), res.status);
    }
    const list = root.children.find((c) => c.name === listTag);
    return { digest, rows: (list?.children ?? []).filter((c) => c.name === 'ROW').map(fieldsOf) };
  }
}
