import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { UpstreamError } from '../../lib/upstream-error';
import { createWechatHttp, type WechatClientOptions } from './http';

export type { WechatClientOptions };

/** What code2Session gives us. The session key stays inside the BFF (encrypted at rest). */
export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

/** The one call login needs; an interface so the login use case is testable without HTTP. */
export interface WechatAuth {
  code2Session(code: string): Promise<WechatSession>;
}

const Session = z.object({
  openid: z.string().min(1).max(128),
  session_key: z.string().min(1).max(256),
  unionid: z.string().min(1).max(128).optional(),
});
const Refusal = z.object({ errcode: z.number().int(), errmsg: z.string().optional() });

/** 40029 invalid code, 40163 code already used: the user's code is no good, not our fault. */
const BAD_CODE = new Set([40029, 40163]);
const TOO_FREQUENT = 45011;

const unavailable = (detail: string) =>
  new AppError('UPSTREAM_UNAVAILABLE', 'WeChat login is unavailable; try again shortly', {
    // Only a short description: the request URL carries the app secret and the code.
    cause: new UpstreamError('wechat', 'status', detail, true),
  });

/**
 * api.weixin.qq.com, as the BFF uses it. WeChat answers HTTP 200 with `errcode` for refusals
 * (and jscode2session as text/plain), so the body is parsed by hand and each errcode mapped.
 */
export class WechatClient implements WechatAuth {
  private readonly http: AxiosInstance;

  constructor(private readonly opts: WechatClientOptions) {
    this.http = createWechatHttp(opts);
  }

  async code2Session(code: string): Promise<WechatSession> {
    let res;
    try {
      res = await this.http.get<string>('/sns/jscode2session', {
        params: {
          appid: this.opts.appId,
          secret: this.opts.appSecret,
          js_code: code,
          grant_type: 'authorization_code',
        },
        // axios's own timeout watches for silence; this one bounds the whole exchange.
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      const kind = (err as { code?: string }).code ?? 'network error';
      throw unavailable(`code2Session failed: ${kind}`);
    }
    if (res.status !== 200) throw unavailable(`code2Session answered HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(res.data);
    } catch {
      throw unavailable('code2Session answered something that is not JSON');
    }
    const refusal = Refusal.safeParse(body);
    if (refusal.success && refusal.data.errcode !== 0) {
      const { errcode } = refusal.data;
      if (BAD_CODE.has(errcode))
        throw new AppError('LOGIN_CODE_INVALID', 'The login code is invalid, expired or already used');
      if (errcode === TOO_FREQUENT) {
        // WeChat's quota is per minute: "retry next minute".
        const seconds = Math.max(1, 60 - new Date().getSeconds());
        throw new AppError('RATE_LIMITED', 'Too many logins right now; retry shortly', {
          headers: { 'Retry-After': String(seconds) },
        });
      }
      throw unavailable(`code2Session refused with errcode ${errcode}`);
    }
    const session = Session.safeParse(body);
    if (!session.success) throw unavailable('code2Session answered an unexpected shape');
    const { openid, session_key: sessionKey, unionid } = session.data;
    return { openid, sessionKey, ...(unionid !== undefined && { unionid }) };
  }
}
