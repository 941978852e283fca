/** What a test can break in the WeChat simulator. */
export interface WechatFaults {
  /** Added before every API request (not /__dev or /__admin). */
  latencyMs: number;
  /** Accept the request and never answer, until the client gives up or the simulator closes. */
  hang: boolean;
  /** Answer HTTP 500 with an HTML error page, as a broken gateway in front of the API would. */
  status500: boolean;
  /** Answer HTTP 200 `{ errcode: -1, errmsg: 'system error' }`: WeChat's "system busy". */
  systemBusy: boolean;
}

export interface WechatOptions {
  /** appid -> secret. Default { touristappid: 'dev-only-wechat-secret-change-me' }. */
  apps?: Record<string, string>;
  /** Default 0: a random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Openids, unionids and session keys are derived from it. Default 'huizhou'. */
  seed?: string | number;
  /** The simulator's clock (code expiry, token expiry, the per-minute quota). Default Date.now. */
  now?: () => number;
  /** code2Session calls allowed per appid per clock minute before errcode 45011. Default 100. */
  code2SessionPerMinute?: number;
  /** Valid subscribe-message template ids; when omitted every id is accepted. */
  templates?: string[];
}

export interface SentMessage {
  msgid: number;
  appid: string;
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  /** Simulator clock, ms. */
  sentAt: number;
}

export interface MintedCode {
  code: string;
  openid: string;
}

export interface WechatHandle {
  url: string;
  port: number;
  /** The first configured appid (what `mintCode` uses by default). */
  appid: string;
  setFaults(f: Partial<WechatFaults>): void;
  /** Faults off, quota and clock offset back to the start; users, codes and messages kept. */
  reset(): void;
  /** Moves the simulator clock forward (code and token expiry). */
  advanceClock(ms: number): void;
  now(): number;
  /** What the phone's wx.login would produce: a fresh single-use code (5 minutes). */
  mintCode(openid?: string, appid?: string): MintedCode;
  /** The user tapped 允许 on wx.requestSubscribeMessage `times` times for this template. */
  subscribe(openid: string, templateId: string, times?: number): void;
  /** Changes the code2Session per-minute quota (0 = every call refused with 45011). */
  setCode2SessionLimit(perMinute: number): void;
  /** The session key of the user's latest code2Session, to check it never leaks. */
  sessionKeyOf(openid: string): string | undefined;
  sentMessages(): SentMessage[];
  close(): Promise<void>;
}
