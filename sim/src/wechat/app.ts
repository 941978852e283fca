import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import { wechatFaultMiddleware, wechatFaultProblem, type WechatFaultSwitch } from './faults';
import { WechatError, type WechatState } from './state';

export interface WechatAppDeps {
  state: WechatState;
  faults: WechatFaultSwitch;
  reset: () => void;
  advanceClock: (ms: number) => void;
  signal: AbortSignal;
}

const param = (ctx: Context, name: string): string => {
  const v = ctx.query[name];
  return typeof v === 'string' ? v : '';
};

function objectBody(ctx: Context): Record<string, unknown> {
  const body: unknown = ctx.request.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new WechatError(47001, 'data format error');
  return body as Record<string, unknown>;
}

/** The API of api.weixin.qq.com that the BFF uses: always HTTP 200, errors as errcode. */
function apiRoutes(state: WechatState): Router {
  const router = new Router();

  router.get('/sns/jscode2session', (ctx) => {
    const answer = state.code2Session({
      appid: param(ctx, 'appid'),
      secret: param(ctx, 'secret'),
      js_code: param(ctx, 'js_code'),
      grant_type: param(ctx, 'grant_type'),
    });
    // WeChat really answers this one as text/plain; a client must parse the JSON itself.
    ctx.type = 'text/plain';
    ctx.body = JSON.stringify(answer);
  });

  router.get('/cgi-bin/token', (ctx) => {
    ctx.body = state.accessToken({
      appid: param(ctx, 'appid'),
      secret: param(ctx, 'secret'),
      grant_type: param(ctx, 'grant_type'),
    });
  });

  router.post('/cgi-bin/message/subscribe/send', (ctx) => {
    const { msgid } = state.send(param(ctx, 'access_token'), objectBody(ctx));
    ctx.body = { errcode: 0, errmsg: 'ok', msgid };
  });

  return router;
}

/**
 * What the phone does in real life (wx.login, the subscribe dialog), as HTTP for the H5 dev
 * login and tests. Nothing under /__dev exists at WeChat. Open to any origin: loopback only.
 */
function devRoutes(deps: WechatAppDeps): Router {
  const router = new Router({ prefix: '/__dev' });

  router.post('/login-code', (ctx) => {
    const { openid, appid } = objectBody(ctx);
    if (openid !== undefined && typeof openid !== 'string') throw new WechatError(40003, 'invalid openid');
    if (appid !== undefined && typeof appid !== 'string') throw new WechatError(40013, 'invalid appid');
    ctx.body = deps.state.mintCode(openid, appid);
  });

  router.post('/subscribe', (ctx) => {
    const { openid, templateId, times } = objectBody(ctx);
    if (typeof openid !== 'string') throw new WechatError(40003, 'invalid openid');
    if (typeof templateId !== 'string' || !templateId) throw new WechatError(40037, 'invalid template_id');
    if (times !== undefined && typeof times !== 'number')
      throw new WechatError(47003, 'argument invalid! times');
    deps.state.subscribe(openid, templateId, times);
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  return router;
}

/** Test knobs; never faulted. */
function adminRoutes(deps: WechatAppDeps): Router {
  const router = new Router({ prefix: '/__admin' });
  router.get('/faults', (ctx) => {
    ctx.body = deps.faults.current;
  });
  router.post('/faults', (ctx) => {
    const body = objectBody(ctx);
    const problem = wechatFaultProblem(body);
    if (problem) throw new WechatError(47001, problem);
    ctx.body = deps.faults.set(body);
  });
  router.post('/clock', (ctx) => {
    const { advanceMs } = objectBody(ctx);
    if (typeof advanceMs !== 'number' || !(advanceMs >= 0))
      throw new WechatError(47001, 'advanceMs must be ≥ 0');
    deps.advanceClock(advanceMs);
    ctx.body = { now: new Date(deps.state.now()).toISOString() };
  });
  router.post('/reset', (ctx) => {
    deps.reset();
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });
  router.get('/messages', (ctx) => {
    ctx.body = { items: deps.state.sentMessages() };
  });
  return router;
}

export function createWechatApp(deps: WechatAppDeps): Koa {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) {
        ctx.status = 404;
        ctx.body = { errcode: 404, errmsg: 'not found' };
      }
    } catch (err) {
      if (err instanceof WechatError) {
        ctx.status = 200;
        ctx.body = { errcode: err.errcode, errmsg: err.errmsg };
        return;
      }
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status < 500) {
        ctx.status = 200;
        ctx.body = { errcode: 47001, errmsg: 'data format error' };
        return;
      }
      ctx.app.emit('error', err, ctx);
      ctx.status = 200;
      ctx.body = { errcode: -1, errmsg: 'system error' };
    }
  });
  app.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/__dev/')) return next();
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type');
    ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    if (ctx.method === 'OPTIONS') ctx.status = 204;
    else await next();
  });
  app.use(bodyParser({ enableTypes: ['json'] }));
  for (const r of [devRoutes(deps), adminRoutes(deps)]) app.use(r.routes()).use(r.allowedMethods());
  app.use(wechatFaultMiddleware(deps.faults, deps.signal));
  const api = apiRoutes(deps.state);
  app.use(api.routes()).use(api.allowedMethods());
  return app;
}
