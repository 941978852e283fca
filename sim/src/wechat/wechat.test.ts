import { startWechat, type WechatHandle } from '../index';

const APPID = 'wx-test-app';
const SECRET = 'test-wechat-secret';

let wx: WechatHandle;
let clock = Date.parse('2026-11-02T01:00:00Z');
beforeAll(async () => {
  wx = await startWechat({ apps: { [APPID]: SECRET }, now: () => clock, templates: ['TPL_REMIND'] });
});
afterEach(() => wx.reset());
afterAll(() => wx.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read WeChat's JSON as it comes
async function call(path: string, init?: RequestInit): Promise<{ status: number; type: string; body: any }> {
  const res = await fetch(`${wx.url}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}

const post = (path: string, body: unknown) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const session = (code: string, over: Record<string, string> = {}) =>
  call(
    `/sns/jscode2session?${new URLSearchParams({ appid: APPID, secret: SECRET, js_code: code, grant_type: 'authorization_code', ...over })}`,
  );

describe('jscode2session', () => {
  it('when a fresh code is exchanged, then it answers openid, session_key and unionid as text/plain JSON', async () => {
    const { body: minted } = await post('/__dev/login-code', {});
    const res = await session(minted.code);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/text\/plain/);
    expect(res.body).toEqual({
      openid: minted.openid,
      session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
      unionid: expect.stringMatching(/^oU/),
    });
    expect(minted.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(wx.sessionKeyOf(minted.openid)).toBe(res.body.session_key);
  });

  it('when a code is used twice, then the second answer is errcode 40163', async () => {
    const { code } = wx.mintCode();
    expect((await session(code)).body.openid).toBeDefined();
    expect((await session(code)).body).toEqual({ errcode: 40163, errmsg: 'code been used' });
  });

  it('when a code is older than 5 minutes, then it is errcode 40029', async () => {
    const { code } = wx.mintCode();
    wx.advanceClock(5 * 60_000);
    expect((await session(code)).body.errcode).toBe(40029);
  });

  it('when the code is unknown, then it is errcode 40029', async () => {
    expect((await session('not-a-real-code')).body).toEqual({ errcode: 40029, errmsg: 'invalid code' });
  });

  it.each([
    ['an unknown appid', 40013, { appid: 'wx-nope' }],
    ['a wrong secret', 40125, { secret: 'wrong' }],
    ['a wrong grant_type', 40002, { grant_type: 'client_credential' }],
    ['no code', 41008, { js_code: '' }],
  ])('when the call has %s, then it is errcode %i', async (_what, errcode, over) => {
    const { code } = wx.mintCode();
    expect((await session(code, over)).body.errcode).toBe(errcode);
  });

  it('when an openid is asked for, then codes map to that same user every time', async () => {
    const a = wx.mintCode('oFixedUser0001');
    const b = wx.mintCode('oFixedUser0001');
    const first = (await session(a.code)).body;
    const second = (await session(b.code)).body;
    expect(first.openid).toBe('oFixedUser0001');
    expect(second.openid).toBe('oFixedUser0001');
    expect(second.unionid).toBe(first.unionid);
    expect(second.session_key).not.toBe(first.session_key);
  });

  it('when the per-minute quota is spent, then calls get 45011 until the next minute', async () => {
    wx.setCode2SessionLimit(2);
    clock = Math.ceil(clock / 60_000) * 60_000 + 1_000;
    expect((await session(wx.mintCode().code)).body.openid).toBeDefined();
    expect((await session(wx.mintCode().code)).body.openid).toBeDefined();
    expect((await session(wx.mintCode().code)).body.errcode).toBe(45011);
    clock += 60_000;
    expect((await session(wx.mintCode().code)).body.openid).toBeDefined();
  });
});

describe('seeded openids', () => {
  it('when two simulators share a seed, then new users get the same openids in order', async () => {
    const [a, b] = await Promise.all([startWechat({ seed: 's1' }), startWechat({ seed: 's1' })]);
    try {
      expect([a.mintCode().openid, a.mintCode().openid]).toEqual([b.mintCode().openid, b.mintCode().openid]);
      expect(a.mintCode().openid).not.toBe(a.mintCode().openid);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('access token and subscribe messages', () => {
  async function token(): Promise<string> {
    const res = await call(`/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`);
    expect(res.body).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    return res.body.access_token;
  }
  const send = (accessToken: string, body: unknown) =>
    post(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`, body);
  const message = (touser: string) => ({
    touser,
    template_id: 'TPL_REMIND',
    page: 'pages/index/index',
    data: { thing1: { value: '惠州市中心人民医院' } },
  });

  it('when the user granted one subscription, then one message goes out and the second is 43101', async () => {
    const { openid } = wx.mintCode();
    const t = await token();
    wx.subscribe(openid, 'TPL_REMIND', 1);
    const first = await send(t, message(openid));
    expect(first.body).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect((await send(t, message(openid))).body.errcode).toBe(43101);
    expect(wx.sentMessages().filter((m) => m.touser === openid)).toEqual([
      expect.objectContaining({ msgid: first.body.msgid, template_id: 'TPL_REMIND', appid: APPID }),
    ]);
  });

  it('when grants come through the dev endpoint with times, then that many messages are allowed', async () => {
    const { openid } = wx.mintCode();
    const t = await token();
    expect(
      (await post('/__dev/subscribe', { openid, templateId: 'TPL_REMIND', times: 2 })).body.errcode,
    ).toBe(0);
    expect((await send(t, message(openid))).body.errcode).toBe(0);
    expect((await send(t, message(openid))).body.errcode).toBe(0);
    expect((await send(t, message(openid))).body.errcode).toBe(43101);
  });

  it('when the token is unknown or expired, then 40001 / 42001', async () => {
    const { openid } = wx.mintCode();
    wx.subscribe(openid, 'TPL_REMIND');
    expect((await send('bogus', message(openid))).body.errcode).toBe(40001);
    const t = await token();
    wx.advanceClock(7200_000);
    expect((await send(t, message(openid))).body.errcode).toBe(42001);
  });

  it('when the template or the data is wrong, then 40037 / 47003', async () => {
    const { openid } = wx.mintCode();
    const t = await token();
    expect((await send(t, { ...message(openid), template_id: 'nope' })).body.errcode).toBe(40037);
    expect((await send(t, { ...message(openid), data: { a: 1 } })).body.errcode).toBe(47003);
  });
});

describe('faults and dev endpoints', () => {
  it('when status500 is on, then the API answers 500 but dev codes still mint', async () => {
    wx.setFaults({ status500: true });
    expect((await post('/__dev/login-code', {})).status).toBe(200);
    expect((await fetch(`${wx.url}/sns/jscode2session?appid=${APPID}`)).status).toBe(500);
  });

  it('when systemBusy is on, then the API answers errcode -1', async () => {
    wx.setFaults({ systemBusy: true });
    expect((await session(wx.mintCode().code)).body).toEqual({ errcode: -1, errmsg: 'system error' });
  });

  it('when hang is on, then no answer comes before the client gives up', async () => {
    wx.setFaults({ hang: true });
    await expect(
      fetch(`${wx.url}/sns/jscode2session`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
  });

  it('when latency is set, then a call takes at least that long', async () => {
    wx.setFaults({ latencyMs: 200 });
    const started = performance.now();
    await session(wx.mintCode().code);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('when faults are set over HTTP with a bad knob, then it is refused; reset clears them', async () => {
    expect((await post('/__admin/faults', { nope: true })).body.errcode).toBe(47001);
    expect((await post('/__admin/faults', { status500: true })).body.status500).toBe(true);
    await post('/__admin/reset', {});
    expect((await call('/__admin/faults')).body).toEqual({
      latencyMs: 0,
      hang: false,
      status500: false,
      systemBusy: false,
    });
  });

  it('when a browser preflights the dev endpoint, then CORS allows it', async () => {
    const res = await fetch(`${wx.url}/__dev/login-code`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('when a dev code is asked for a malformed openid, then it is refused', async () => {
    expect((await post('/__dev/login-code', { openid: 'x y' })).body.errcode).toBe(40003);
  });
});
