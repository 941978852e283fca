import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { createWechatHttp, type WechatClientOptions } from './http';

/** One subscribe message (订阅消息): `data` is `{ key: { value } }`, as WeChat wants it. */
export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
}

/**
 * How a send ended. `refused`: the user holds no grant for the template (43101) — never retry.
 * `retry`: a timeout, a network error, a 5xx or WeChat's "system busy" (-1) — try again later.
 * `failed`: any other errcode (bad template, bad data, unknown openid) — retrying will not help.
 */
export type SendOutcome =
  | { outcome: 'sent'; msgid: string }
  | { outcome: 'refused'; errcode: number }
  | { outcome: 'retry'; reason: string }
  | { outcome: 'failed'; reason: string };

/** What the reminder sender needs; an interface so it can be driven without HTTP. */
export interface WechatMessaging {
  send(message: SubscribeMessage): Promise<SendOutcome>;
}

const Token = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const Answer = z.object({
  errcode: z.number().int().optional(),
  errmsg: z.string().optional(),
  msgid: z.union([z.number(), z.string()]).optional(),
});

const REFUSED = 43101;
/** 40001 invalid credential, 42001 expired, 40014 invalid token: fetch a new one and try once more. */
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
const SYSTEM_BUSY = -1;
/** A token is used until this long before WeChat says it expires. */
const EARLY_REFRESH_MS = 5 * 60_000;

type Step = { ok: true; body: unknown } | { ok: false; reason: string };

/**
 * The server-side calls of api.weixin.qq.com for subscribe messages: the access token
 * (`/cgi-bin/token`, one per app, cached until shortly before it expires and shared by
 * concurrent senders) and `/cgi-bin/message/subscribe/send`. Never throws for an upstream
 * failure: every way a send can end is a `SendOutcome`. Never logs: the URLs carry the secret
 * and the token, the body the user's openid.
 */
export class WechatMessageClient implements WechatMessaging {
  private readonly http: AxiosInstance;
  private token: { value: string; until: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(
    private readonly opts: WechatClientOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.http = createWechatHttp(opts);
  }

  async send(message: SubscribeMessage): Promise<SendOutcome> {
    for (let attempt = 0; ; attempt += 1) {
      let token: string;
      try {
        token = await this.accessToken();
      } catch (err) {
        return { outcome: 'retry', reason: (err as Error).message };
      }
      const step = await this.call(
        'POST',
        '/cgi-bin/message/subscribe/send',
        { access_token: token },
        {
          touser: message.touser,
          template_id: message.templateId,
          ...(message.page !== undefined && { page: message.page }),
          data: message.data,
        },
      );
      if (!step.ok) return { outcome: 'retry', reason: `subscribe/send ${step.reason}` };
      const answer = Answer.safeParse(step.body);
      if (!answer.success) return { outcome: 'retry', reason: 'subscribe/send answered an unexpected shape' };
      const errcode = answer.data.errcode ?? 0;
      if (errcode === 0) return { outcome: 'sent', msgid: String(answer.data.msgid ?? '') };
      if (errcode === REFUSED) return { outcome: 'refused', errcode };
      if (errcode === SYSTEM_BUSY) return { outcome: 'retry', reason: 'subscribe/send: system busy (-1)' };
      if (TOKEN_REJECTED.has(errcode)) {
        this.forget(token);
        if (attempt === 0) continue;
        return { outcome: 'retry', reason: `subscribe/send: access token refused (${errcode})` };
      }
      return { outcome: 'failed', reason: `subscribe/send refused with errcode ${errcode}` };
    }
  }

  /** The cached token, or one fetch shared by everyone who asks meanwhile. */
  private accessToken(): Promise<string> {
    if (this.token && this.token.until > this.now()) return Promise.resolve(this.token.value);
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private forget(token: string): void {
    if (this.token?.value === token) this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    const step = await this.call('GET', '/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: this.opts.appId,
      secret: this.opts.appSecret,
    });
    if (!step.ok) throw new Error(`token ${step.reason}`);
    const token = Token.safeParse(step.body);
    if (!token.success) {
      const refusal = Answer.safeParse(step.body);
      const errcode = refusal.success ? refusal.data.errcode : undefined;
      throw new Error(
        errcode === undefined ? 'token: unexpected shape' : `token refused with errcode ${errcode}`,
      );
    }
    const lifetimeMs = token.data.expires_in * 1_000;
    const until = this.now() + Math.max(lifetimeMs / 2, lifetimeMs - EARLY_REFRESH_MS);
    this.token = { value: token.data.access_token, until };
    return token.data.access_token;
  }

  private async call(
    method: 'GET' | 'POST',
    url: string,
    params: Record<string, string>,
    data?: unknown,
  ): Promise<Step> {
    let res;
    try {
      res = await this.http.request<string>({
        method,
        url,
        params,
        ...(data !== undefined && { data, headers: { 'content-type': 'application/json' } }),
        // axios's own timeout watches for silence; this one bounds the whole exchange.
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      return { ok: false, reason: `failed: ${(err as { code?: string }).code ?? 'network error'}` };
    }
    if (res.status !== 200) return { ok: false, reason: `answered HTTP ${res.status}` };
    try {
      return { ok: true, body: JSON.parse(res.data) as unknown };
    } catch {
      return { ok: false, reason: 'answered something that is not JSON' };
    }
  }
}
