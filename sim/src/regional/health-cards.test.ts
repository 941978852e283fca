import { startRegionalPlatform, type RegionalPlatformHandle } from '../index';
import { adminFetch, type PlatformBody } from '../testing/admin-fetch';
import { DEV_APP, freshNonce, signRequest, signedFetch } from '../testing/signed-fetch';

let platform: RegionalPlatformHandle;
beforeAll(async () => {
  platform = await startRegionalPlatform();
});
afterEach(() => platform.reset());
afterAll(() => platform.close());

const CARDS = '/open/v1/health-cards';

/** A signed POST written from the doc: the body's SHA-256 is line 7 of the canonical string. */
async function signedPost(url: string, path: string, body: unknown, opts: { tamper?: string } = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(Date.now());
  const nonce = freshNonce();
  const { signature } = signRequest({ method: 'POST', path, body: text, timestamp, nonce, ...DEV_APP });
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-App-Id': DEV_APP.appId,
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Signature': signature,
    },
    body: opts.tamper ?? text,
  });
  return { status: res.status, body: (await res.json()) as PlatformBody };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) =>
  first17 + '10X98765432'[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11];

const person = { name: '张三明', idType: '01', idNumber: '11010519491231002X' };
const other = { name: '李四', idType: '01', idNumber: withCheck('44030219900307123') };

/** The master id the way the BFF gets it: from the EMPI match endpoint. */
async function masterIdOf(p: typeof person, url = platform.url): Promise<string> {
  const res = await signedPost(url, '/open/v1/empi/persons/match', p);
  expect(res.status).toBe(200);
  return res.body.data.masterId as string;
}

async function apply(p = person, extra: Record<string, unknown> = {}, url = platform.url) {
  const masterId = await masterIdOf(p, url);
  return signedPost(url, CARDS, { masterId, ...p, applyChannel: 'wechat', ...extra });
}

const setStatus = (cardId: string, body: unknown) =>
  adminFetch(platform.url, 'POST', `/health-cards/${cardId}/status`, body);

describe('e-health card application', () => {
  it('when a matched person applies, then 201 with an active card whose id is 64 upper-case hex', async () => {
    const res = await apply(person, { phone: '13800138000' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 0, message: 'ok' });
    expect(res.body.data).toEqual({
      cardId: expect.stringMatching(/^[0-9A-F]{64}$/),
      masterId: await masterIdOf(person),
      status: 'active',
      issuedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/),
      statusChangedAt: res.body.data.issuedAt,
      issuer: '惠州市卫生健康局（模拟）',
    });
  });

  it('when the same person applies again, then 200 with the same card', async () => {
    const first = await apply();
    const again = await apply();
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(first.body.data);
    expect((await apply(other)).body.data.cardId).not.toBe(first.body.data.cardId);
  });

  it('when 张三明 applies under the default seed, then the card id is the documented example', async () => {
    const first = (await apply()).body.data;
    expect(first.cardId).toBe('9D0997D0FB24D6BCAC65BEADB64DBE387030239727FC6B769692926E168B5DEE');
    await setStatus(first.cardId, { status: 'cancelled' });
    expect((await apply()).body.data.cardId).toMatch(/^2557C5EC/);
  });

  it('when the simulator restarts with the same seed, then the card id repeats; another seed gives another', async () => {
    const cardId = (await apply()).body.data.cardId;
    for (const [seed, same] of [
      ['huizhou', true],
      ['another-seed', false],
    ] as const) {
      const twin = await startRegionalPlatform({ seed });
      try {
        const res = await apply(person, {}, twin.url);
        expect(res.body.data.cardId === cardId).toBe(same);
      } finally {
        await twin.close();
      }
    }
  });

  it.each([
    ['the name differs from the first application', { ...person, name: '张三' }],
    ['the document is another person’s', { ...other }],
    ['the name is unregistered (测试未登记…)', { ...person, name: '测试未登记王五' }],
  ])('when %s, then 422 code 42201 and no card', async (_case, sent) => {
    const masterId = await masterIdOf(person);
    await apply();
    const res = await signedPost(platform.url, CARDS, { masterId, ...sent, applyChannel: 'wechat' });
    expect(res).toEqual({ status: 422, body: { code: 42201, message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toContain(sent.idNumber);
  });

  it('when the request is unsigned, then 401 code 40101', async () => {
    const masterId = await masterIdOf(person);
    const res = await fetch(`${platform.url}${CARDS}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ masterId, ...person, applyChannel: 'wechat' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as PlatformBody).code).toBe(40101);
    const get = await fetch(`${platform.url}${CARDS}?masterId=${masterId}`);
    expect(get.status).toBe(401);
  });

  it('when the body is changed after signing, then 401 code 40101', async () => {
    const masterId = await masterIdOf(person);
    const body = { masterId, ...person, applyChannel: 'wechat' };
    const res = await signedPost(platform.url, CARDS, body, {
      tamper: JSON.stringify({ ...body, applyChannel: 'app' }),
    });
    expect([res.status, res.body.code]).toEqual([401, 40101]);
  });

  it.each([
    ['not JSON', 'JSON', '{masterId'],
    ['an array', 'object', '[]'],
    ['no masterId', 'masterId', { ...person, applyChannel: 'wechat' }],
    ['a masterId with symbols', 'masterId', { masterId: 'EMPI-1', ...person, applyChannel: 'wechat' }],
    ['no name', 'name', { masterId: 'EMPI1', ...person, name: ' ', applyChannel: 'wechat' }],
    ['an unknown idType', 'idType', { masterId: 'EMPI1', ...person, idType: '99', applyChannel: 'wechat' }],
    ['no idNumber', 'idNumber', { masterId: 'EMPI1', ...person, idNumber: '', applyChannel: 'wechat' }],
    [
      'a landline phone',
      'phone',
      { masterId: 'EMPI1', ...person, phone: '0752-2054037', applyChannel: 'wechat' },
    ],
    ['no applyChannel', 'applyChannel', { masterId: 'EMPI1', ...person }],
    ['an unknown applyChannel', 'applyChannel', { masterId: 'EMPI1', ...person, applyChannel: 'fax' }],
    ['an extra field', 'gender', { masterId: 'EMPI1', ...person, applyChannel: 'wechat', gender: 'M' }],
  ])('when the body has %s, then 400 code 40002 naming %s', async (_case, field, body) => {
    const res = await signedPost(platform.url, CARDS, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(40002);
    expect(res.body.message).toContain(field);
    expect(JSON.stringify(res.body)).not.toContain(person.idNumber);
  });

  it('when the platform is in outage, then 503 code 50301 and no card is issued', async () => {
    const masterId = await masterIdOf(person);
    platform.setFaults({ outage: true });
    const res = await signedPost(platform.url, CARDS, { masterId, ...person, applyChannel: 'wechat' });
    expect([res.status, res.body.code]).toEqual([503, 50301]);
    platform.setFaults({ outage: false });
    expect((await signedFetch(platform.url, CARDS, { query: [['masterId', masterId]] })).status).toBe(404);
  });
});

describe('e-health card look-up', () => {
  it('when a card exists, then it is found by id and by masterId', async () => {
    const card = (await apply()).body.data;
    const byId = await signedFetch(platform.url, `${CARDS}/${card.cardId}`);
    expect(byId).toMatchObject({ status: 200, body: { code: 0, data: card } });
    const byMaster = await signedFetch(platform.url, CARDS, { query: [['masterId', card.masterId]] });
    expect(byMaster).toMatchObject({ status: 200, body: { code: 0, data: card } });
  });

  it('when the card id or the person is unknown, then 404 code 40403', async () => {
    const unknown = await signedFetch(platform.url, `${CARDS}/${'A'.repeat(64)}`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 40403]);
    const noCard = await signedFetch(platform.url, CARDS, { query: [['masterId', await masterIdOf(other)]] });
    expect([noCard.status, noCard.body.code]).toEqual([404, 40403]);
  });

  it.each([
    ['no masterId', 'masterId', []],
    ['an unknown parameter', 'cardId', [['cardId', 'x']]],
  ] as const)('when the query has %s, then 400 code 40001 naming %s', async (_case, field, query) => {
    const res = await signedFetch(platform.url, CARDS, { query });
    expect([res.status, res.body.code]).toEqual([400, 40001]);
    expect(res.body.message).toContain(field);
  });

  it('when the platform is reset, then its cards are gone', async () => {
    const card = (await apply()).body.data;
    platform.reset();
    expect((await signedFetch(platform.url, `${CARDS}/${card.cardId}`)).status).toBe(404);
  });
});

describe('e-health card status (admin knob)', () => {
  it('when a card is frozen, then look-ups and a new application show it frozen; unfreezing restores it', async () => {
    const card = (await apply()).body.data;
    const frozen = await setStatus(card.cardId, { status: 'frozen' });
    expect(frozen).toMatchObject({ status: 200, body: { data: { cardId: card.cardId, status: 'frozen' } } });
    expect(Date.parse(frozen.body.data.statusChangedAt)).toBeGreaterThanOrEqual(Date.parse(card.issuedAt));
    expect((await signedFetch(platform.url, `${CARDS}/${card.cardId}`)).body.data.status).toBe('frozen');
    const again = await apply();
    expect(again).toMatchObject({ status: 200, body: { data: { cardId: card.cardId, status: 'frozen' } } });
    expect((await setStatus(card.cardId, { status: 'active' })).body.data.status).toBe('active');
  });

  it('when a card is cancelled and the person applies again, then a new card id is issued', async () => {
    const first = (await apply()).body.data;
    expect((await setStatus(first.cardId, { status: 'cancelled' })).body.data.status).toBe('cancelled');
    const second = await apply();
    expect(second.status).toBe(201);
    expect(second.body.data).toMatchObject({ status: 'active', masterId: first.masterId });
    expect(second.body.data.cardId).toMatch(/^[0-9A-F]{64}$/);
    expect(second.body.data.cardId).not.toBe(first.cardId);
    expect((await signedFetch(platform.url, `${CARDS}/${first.cardId}`)).body.data.status).toBe('cancelled');
    const byMaster = await signedFetch(platform.url, CARDS, { query: [['masterId', first.masterId]] });
    expect(byMaster.body.data.cardId).toBe(second.body.data.cardId);
  });

  it('when a cancelled card is set active again, then 409 code 40901', async () => {
    const card = (await apply()).body.data;
    await setStatus(card.cardId, { status: 'cancelled' });
    const res = await setStatus(card.cardId, { status: 'active' });
    expect([res.status, res.body.code]).toEqual([409, 40901]);
  });

  it.each([
    [{ status: 'lost' }, 'status'],
    [{}, 'status'],
    [{ status: 'frozen', reason: 'x' }, 'reason'],
  ])('when the status body is %j, then 400 code 40002 naming %s', async (body, field) => {
    const card = (await apply()).body.data;
    const res = await setStatus(card.cardId, body);
    expect([res.status, res.body.code]).toEqual([400, 40002]);
    expect(res.body.message).toContain(field);
  });

  it('when the card is unknown, then 404 code 40403', async () => {
    const res = await setStatus('B'.repeat(64), { status: 'frozen' });
    expect([res.status, res.body.code]).toEqual([404, 40403]);
  });
});
