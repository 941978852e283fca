import { startRegionalPlatform, type RegionalPlatformHandle } from '../index';
import { DEV_APP, freshNonce, signRequest } from '../testing/signed-fetch';

let platform: RegionalPlatformHandle;
beforeAll(async () => {
  platform = await startRegionalPlatform();
});
afterEach(() => platform.reset());
afterAll(() => platform.close());

const PATH = '/open/v1/empi/persons/match';

/** A signed POST written from the doc: the body's SHA-256 is line 7 of the canonical string. */
async function match(body: unknown, tamper?: string) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(Date.now());
  const nonce = freshNonce();
  const { signature } = signRequest({ method: 'POST', path: PATH, body: text, timestamp, nonce, ...DEV_APP });
  const res = await fetch(`${platform.url}${PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-App-Id': DEV_APP.appId,
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Signature': signature,
    },
    body: tamper ?? text,
  });
  return { status: res.status, body: (await res.json()) as { code: number; data?: { masterId: string } } };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) =>
  first17 + '10X98765432'[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11];

const person = { name: '张三明', idType: '01', idNumber: '11010519491231002X' };

describe('EMPI person match', () => {
  it('when a well-formed resident ID is sent, then the person has a stable master id', async () => {
    const first = await match(person);
    expect(first.status).toBe(200);
    expect(first.body.data?.masterId).toMatch(/^EMPI[0-9A-F]{20}$/);
    const again = await match({ ...person, name: '张三' });
    expect(again.body.data?.masterId).toBe(first.body.data?.masterId);
    const other = await match({ ...person, idNumber: withCheck('44030219900307123') });
    expect(other.body.data?.masterId).toMatch(/^EMPI/);
    expect(other.body.data?.masterId).not.toBe(first.body.data?.masterId);
  });

  it.each([
    ['the name starts with 测试未登记', { ...person, name: '测试未登记王五' }],
    ['the sequence digits are 999', { ...person, idNumber: withCheck('11010519491231999') }],
    ['the check digit is wrong', { ...person, idNumber: '110105194912310021' }],
    ['a passport is malformed', { name: '李四', idType: '03', idNumber: 'E1' }],
  ])('when %s, then 404 code 40402', async (_case, body) => {
    const res = await match(body);
    expect(res).toEqual({ status: 404, body: { code: 40402, message: expect.any(String) } });
  });

  it.each([
    ['not JSON', '{name'],
    ['an unknown idType', { ...person, idType: '99' }],
    ['no name', { ...person, name: '' }],
    ['an extra field', { ...person, dob: '1949-12-31' }],
  ])('when the body has %s, then 400 code 40002 without echoing the ID number', async (_case, body) => {
    const res = await match(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(40002);
    expect(JSON.stringify(res.body)).not.toContain(person.idNumber);
  });

  it('when the body is changed after signing, then 401 code 40101', async () => {
    const res = await match(person, JSON.stringify({ ...person, name: '李四' }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(40101);
  });

  it('when the platform is in outage, then 503 code 50301', async () => {
    platform.setFaults({ outage: true });
    expect((await match(person)).status).toBe(503);
  });
});
