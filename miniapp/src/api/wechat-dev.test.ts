import Taro from '@tarojs/taro';
import { WECHAT_DEV_GLOBAL, loginCode, wechatDevBase } from './auth';

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn() } }));

const g = globalThis as unknown as { window?: Record<string, unknown> };

afterEach(() => {
  delete g.window;
});

describe('wechatDevBase (H5 development login)', () => {
  it('when nothing is set, then npm start’s simulator on 4300', () => {
    expect(wechatDevBase()).toBe('http://127.0.0.1:4300');
  });

  it('when the harness sets window.__JK_WECHAT_DEV__ to an origin, then that simulator is used', () => {
    g.window = { [WECHAT_DEV_GLOBAL]: 'http://127.0.0.1:45123' };
    expect(wechatDevBase()).toBe('http://127.0.0.1:45123');
  });

  it.each(['javascript:alert(1)', 'http://127.0.0.1:1/path', 42, ''])(
    'when the value is not a bare http(s) origin (%p), then it is ignored',
    (value) => {
      g.window = { [WECHAT_DEV_GLOBAL]: value };
      expect(wechatDevBase()).toBe('http://127.0.0.1:4300');
    },
  );
});

describe('loginCode on H5', () => {
  it('when the simulator is asked for a code, then only CORS-simple headers go to it (no X-Request-Id)', async () => {
    const fake = Taro.request as unknown as jest.Mock;
    fake.mockResolvedValue({ statusCode: 200, data: { code: 'c1', openid: 'o1' }, header: {} });
    g.window = { [WECHAT_DEV_GLOBAL]: 'http://127.0.0.1:45123' };
    expect(await loginCode()).toBe('c1');
    const call = fake.mock.calls[0]?.[0] as { url: string; header: Record<string, string> };
    expect(call.url).toBe('http://127.0.0.1:45123/__dev/login-code');
    expect(Object.keys(call.header)).toEqual(['Accept']);
  });
});
