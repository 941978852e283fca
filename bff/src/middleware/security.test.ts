import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { connectSources, securityHeaders, type SecurityConfig } from './security';

const WECHAT = { baseUrl: 'http://127.0.0.1:4300/some/path' };

/** The Content-Security-Policy a real Koa app answers with for this config. */
async function cspOf(config?: SecurityConfig): Promise<string> {
  const app = new Koa();
  app.use(securityHeaders(config));
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    return res.headers.get('content-security-policy') ?? '';
  } finally {
    await new Promise((r) => server.close(r));
  }
}

const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe('Content-Security-Policy connect-src', () => {
  it.each(['development', 'test'] as const)(
    'when env is %s, then the WeChat simulator origin is allowed beside self (the H5 dev login)',
    async (env) => {
      expect(connectSources({ env, wechat: WECHAT })).toEqual(["'self'", 'http://127.0.0.1:4300']);
      expect(directive(await cspOf({ env, wechat: WECHAT }), 'connect-src')).toBe(
        "connect-src 'self' http://127.0.0.1:4300",
      );
    },
  );

  it('when env is production, then connect-src stays self only', async () => {
    const csp = await cspOf({ env: 'production', wechat: { baseUrl: 'https://api.weixin.qq.com' } });
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(csp).not.toContain('weixin');
  });

  it('when no config is given or the URL is not one, then only self', () => {
    expect(connectSources()).toEqual(["'self'"]);
    expect(connectSources({ env: 'development', wechat: { baseUrl: 'not a url' } })).toEqual(["'self'"]);
  });

  it('when any env, then the rest of the policy is unchanged', async () => {
    const csp = await cspOf({ env: 'test', wechat: WECHAT });
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
