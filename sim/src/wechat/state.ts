import { createHash, randomBytes } from 'node:crypto';
import type { MintedCode, SentMessage } from './types';

export const CODE_TTL_MS = 5 * 60_000;
export const ACCESS_TOKEN_TTL_S = 7200;
const OPENID = /^[A-Za-z0-9_-]{6,64}$/;

/** WeChat's own answer to a refused call: HTTP 200 with a non-zero errcode. */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(errmsg);
  }
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');
const digest = (text: string) => createHash('sha256').update(text).digest();

interface User {
  openid: string;
  unionid: string;
  sessionKey?: string;
  /** templateId -> grants left (each grant allows one message, as in WeChat). */
  grants: Map<string, number>;
}

interface CodeEntry {
  appid: string;
  openid: string;
  expiresAt: number;
  used: boolean;
}

/**
 * The simulator's memory: users, login codes, access tokens, subscriptions and sent messages.
 * Openids, unionids and session keys derive from the seed, so a run repeats; codes and access
 * tokens are random like the real ones (a test never predicts them).
 */
export class WechatState {
  private readonly users = new Map<string, User>();
  private readonly codes = new Map<string, CodeEntry>();
  private readonly tokens = new Map<string, { appid: string; expiresAt: number }>();
  private readonly quota = new Map<string, { minute: number; count: number }>();
  private readonly sent: SentMessage[] = [];
  private userCount = 0;
  private loginCount = 0;
  private nextMsgId = 1_000_000_001;

  constructor(
    readonly seed: string,
    readonly apps: Readonly<Record<string, string>>,
    readonly now: () => number,
    public code2SessionPerMinute: number,
    readonly templates?: ReadonlySet<string>,
  ) {}

  get defaultAppid(): string {
    const first = Object.keys(this.apps)[0];
    if (!first) throw new Error('the WeChat simulator needs at least one app');
    return first;
  }

  /** `o` + 27 base64url characters, the length of a real openid; stable for (seed, n). */
  openidFor(n: number): string {
    return `o${b64url(digest(`${this.seed}:openid:${n}`)).slice(0, 27)}`;
  }

  private user(openid: string): User {
    let user = this.users.get(openid);
    if (!user) {
      user = {
        openid,
        unionid: `oU${b64url(digest(`${this.seed}:unionid:${openid}`)).slice(0, 26)}`,
        grants: new Map(),
      };
      this.users.set(openid, user);
    }
    return user;
  }

  mintCode(openid?: string, appid = this.defaultAppid): MintedCode {
    if (!(appid in this.apps)) throw new WechatError(40013, 'invalid appid');
    if (openid !== undefined && !OPENID.test(openid)) throw new WechatError(40003, 'invalid openid');
    const who = openid ?? this.openidFor(this.userCount++);
    this.user(who);
    // Real codes are 32 characters of [0-9A-Za-z_-]-ish text; this keeps their look.
    const code = b64url(randomBytes(24));
    this.codes.set(code, { appid, openid: who, expiresAt: this.now() + CODE_TTL_MS, used: false });
    return { code, openid: who };
  }

  private checkApp(appid: string, secret: string): void {
    const expected = this.apps[appid];
    if (expected === undefined) throw new WechatError(40013, 'invalid appid');
    if (secret !== expected) throw new WechatError(40125, 'invalid appsecret');
  }

  /** Fixed one-minute windows per appid, like WeChat's "api minute-quota". */
  private countCall(appid: string): void {
    const minute = Math.floor(this.now() / 60_000);
    const entry = this.quota.get(appid);
    const count = entry && entry.minute === minute ? entry.count + 1 : 1;
    this.quota.set(appid, { minute, count });
    if (count > this.code2SessionPerMinute)
      throw new WechatError(45011, 'api minute-quota reach limit  mustslower  retry next minute');
  }

  code2Session(q: { appid: string; secret: string; js_code: string; grant_type: string }) {
    if (!q.appid) throw new WechatError(41002, 'appid missing');
    if (!q.secret) throw new WechatError(41004, 'appsecret missing');
    if (!q.js_code) throw new WechatError(41008, 'missing code');
    if (q.grant_type !== 'authorization_code') throw new WechatError(40002, 'invalid grant_type');
    this.checkApp(q.appid, q.secret);
    this.countCall(q.appid);
    const entry = this.codes.get(q.js_code);
    if (!entry || entry.appid !== q.appid || entry.expiresAt <= this.now())
      throw new WechatError(40029, 'invalid code');
    if (entry.used) throw new WechatError(40163, 'code been used');
    entry.used = true;
    const user = this.user(entry.openid);
    // A new session key per login, as WeChat rotates it: 16 bytes, base64 (24 characters).
    user.sessionKey = digest(`${this.seed}:session:${this.loginCount++}:${user.openid}`)
      .subarray(0, 16)
      .toString('base64');
    return { openid: user.openid, session_key: user.sessionKey, unionid: user.unionid };
  }

  accessToken(q: { appid: string; secret: string; grant_type: string }) {
    if (q.grant_type !== 'client_credential') throw new WechatError(40002, 'invalid grant_type');
    this.checkApp(q.appid, q.secret);
    const token = b64url(randomBytes(48));
    this.tokens.set(token, { appid: q.appid, expiresAt: this.now() + ACCESS_TOKEN_TTL_S * 1000 });
    return { access_token: token, expires_in: ACCESS_TOKEN_TTL_S };
  }

  private appOfToken(token: string): string {
    const entry = this.tokens.get(token);
    if (!entry) throw new WechatError(40001, 'invalid credential, access_token is invalid or not latest');
    if (entry.expiresAt <= this.now()) throw new WechatError(42001, 'access_token expired');
    return entry.appid;
  }

  subscribe(openid: string, templateId: string, times = 1): void {
    if (!OPENID.test(openid)) throw new WechatError(40003, 'invalid openid');
    if (!Number.isInteger(times) || times < 1 || times > 100)
      throw new WechatError(47003, 'argument invalid! times');
    const user = this.user(openid);
    user.grants.set(templateId, (user.grants.get(templateId) ?? 0) + times);
  }

  send(token: string, body: Record<string, unknown>): { msgid: number } {
    const appid = this.appOfToken(token);
    const { touser, template_id, page, data } = body;
    if (typeof touser !== 'string' || !this.users.has(touser)) throw new WechatError(40003, 'invalid openid');
    if (typeof template_id !== 'string' || (this.templates && !this.templates.has(template_id)))
      throw new WechatError(40037, 'invalid template_id');
    if (page !== undefined && typeof page !== 'string')
      throw new WechatError(47003, 'argument invalid! page');
    if (!validData(data)) throw new WechatError(47003, 'argument invalid! data.value');
    const user = this.user(touser);
    const left = user.grants.get(template_id) ?? 0;
    if (left < 1) throw new WechatError(43101, 'user refuse to accept the msg');
    user.grants.set(template_id, left - 1);
    const msgid = this.nextMsgId++;
    this.sent.push({
      msgid,
      appid,
      touser,
      template_id,
      ...(page !== undefined && { page }),
      data,
      sentAt: this.now(),
    });
    return { msgid };
  }

  sessionKeyOf(openid: string): string | undefined {
    return this.users.get(openid)?.sessionKey;
  }

  sentMessages(): SentMessage[] {
    return this.sent.map((m) => ({ ...m, data: { ...m.data } }));
  }

  resetQuota(): void {
    this.quota.clear();
  }
}

function validData(data: unknown): data is Record<string, { value: string }> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const entries = Object.entries(data);
  return (
    entries.length > 0 &&
    entries.every(
      ([, v]) => typeof v === 'object' && v !== null && typeof (v as { value?: unknown }).value === 'string',
    )
  );
}
