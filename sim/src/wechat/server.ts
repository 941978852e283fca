import { listen } from '../lib/listen';
import { createWechatApp } from './app';
import { WechatFaultSwitch } from './faults';
import { WechatState } from './state';
import type { WechatFaults, WechatHandle, WechatOptions } from './types';

export const DEFAULT_WECHAT_APPS: Readonly<Record<string, string>> = Object.freeze({
  touristappid: 'dev-only-wechat-secret-change-me',
});
export const DEFAULT_WECHAT_SEED = 'huizhou';
export const DEFAULT_CODE2SESSION_PER_MINUTE = 100;

/** Starts the simulated WeChat server API (api.weixin.qq.com) on loopback. */
export async function startWechat(opts: WechatOptions = {}): Promise<WechatHandle> {
  const base = opts.now ?? Date.now;
  let offset = 0;
  const now = () => base() + offset;
  const limit = opts.code2SessionPerMinute ?? DEFAULT_CODE2SESSION_PER_MINUTE;
  const state = new WechatState(
    String(opts.seed ?? DEFAULT_WECHAT_SEED),
    { ...(opts.apps ?? DEFAULT_WECHAT_APPS) },
    now,
    limit,
    opts.templates ? new Set(opts.templates) : undefined,
  );
  const appid = state.defaultAppid;
  const faults = new WechatFaultSwitch();
  const closing = new AbortController();
  const advanceClock = (ms: number) => {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    offset += ms;
  };
  const reset = () => {
    faults.reset();
    state.resetQuota();
    state.code2SessionPerMinute = limit;
    offset = 0;
  };

  const app = createWechatApp({ state, faults, reset, advanceClock, signal: closing.signal });
  const server = await listen(app, opts.port ?? 0, opts.host ?? '127.0.0.1');

  return {
    url: server.url,
    port: server.port,
    appid,
    setFaults: (f: Partial<WechatFaults>) => void faults.set(f),
    reset,
    advanceClock,
    now,
    mintCode: (openid, forApp) => state.mintCode(openid, forApp),
    subscribe: (openid, templateId, times = 1) => state.subscribe(openid, templateId, times),
    setCode2SessionLimit(perMinute) {
      if (!Number.isInteger(perMinute) || perMinute < 0)
        throw new RangeError('perMinute must be an integer ≥ 0');
      state.code2SessionPerMinute = perMinute;
    },
    sessionKeyOf: (openid) => state.sessionKeyOf(openid),
    sentMessages: () => state.sentMessages(),
    close() {
      closing.abort(new Error('WeChat simulator closed'));
      return server.close();
    },
  };
}
