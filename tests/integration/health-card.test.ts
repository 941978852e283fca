import mongoose from 'mongoose';
import {
  DynamicCode,
  HealthCardResponse,
  OfflineCodesResponse,
  StaticCodeResponse,
  type HealthCardFace,
} from '@jiankang/shared';
import { loginWithConsent, type LoggedIn } from '../support/auth';
import { testMongoUri } from '../support/db';
import {
  addPatient,
  callAs,
  cardStackOptions,
  patientWithCard,
  platformCardId,
  residentId,
  setCardStatus,
  TestClock,
} from '../support/health-card';
import { expectEnvelope, request } from '../support/http';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: mongoose.Connection;
const clock = new TestClock();

beforeAll(async () => {
  stack = await startStack(cardStackOptions(clock));
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
});
afterEach(() => {
  clock.reset();
  stack.regional.setFaults({ outage: false, errorRate: 0, latencyMs: 0 });
});

const call = <T = unknown>(who: LoggedIn, method: string, path: string, body?: unknown) =>
  callAs<T>(stack, who, method, path, body);
const card = (patientId: string, sub = '') => `/patients/${patientId}/health-card${sub}`;
const faceOf = (body: unknown): HealthCardFace => HealthCardResponse.parse(body).card;
const count = (collection: string, filter: object = {}) => db.collection(collection).countDocuments(filter);

describe('applying for the e-health card', () => {
  it('when a patient applies, then a masked card face comes back, and applying again is the same card', async () => {
    const alice = await loginWithConsent(stack);
    const { id, idNumber } = await addPatient(stack, alice, { name: '欧阳娜娜' });
    const first = await call(alice, 'POST', card(id));
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const face = faceOf(first.body);
    expect(face).toEqual({
      cardIdMasked: expect.stringMatching(/^[0-9A-F]{4}\*{8}[0-9A-F]{4}$/),
      status: 'active',
      issuedAt: expect.any(String),
      statusChangedAt: expect.any(String),
      issuer: expect.any(String),
      holder: {
        name: '欧阳**',
        idType: 'resident_id',
        idNumberMasked: `441***********${idNumber.slice(-4)}`,
      },
      pinSet: false,
      staticCode: null,
    });
    expect(first.text).not.toContain(idNumber);
    expect(first.text).not.toMatch(/娜娜|EMPI|masterId/);

    const again = await call(alice, 'POST', card(id));
    expect(again.status).toBe(200);
    expect(faceOf(again.body)).toEqual(face);
    expect(faceOf((await call(alice, 'GET', card(id))).body)).toEqual(face);
  });

  it('when the same patient applies twice at once, then both get the one card and one binding is stored', async () => {
    const alice = await loginWithConsent(stack);
    const { id } = await addPatient(stack, alice);
    const [a, b] = await Promise.all([call(alice, 'POST', card(id)), call(alice, 'POST', card(id))]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(faceOf(a.body).cardIdMasked).toBe(faceOf(b.body).cardIdMasked);
    const cardId = await platformCardId(db, id);
    expect(await count('health_card_claims', { _id: `patient#${id}` })).toBe(1);
    expect(await count('health_cards', { cardId })).toBe(1);
  });

  it('when a family member’s account adds the same person, then both accounts hold the one card', async () => {
    const child = await loginWithConsent(stack);
    const sibling = await loginWithConsent(stack);
    const parent = { name: '李秀英', idNumber: residentId('19440815'), relation: 'parent' };
    const mine = await patientWithCard(stack, child, parent);
    const theirs = await addPatient(stack, sibling, parent);
    const bound = await call(sibling, 'POST', card(theirs.id));
    expect(bound.status).toBe(201);
    expect(faceOf(bound.body).cardIdMasked).toBe(
      faceOf((await call(child, 'GET', card(mine.id))).body).cardIdMasked,
    );
    expect(await count('health_cards', { cardId: await platformCardId(db, mine.id) })).toBe(1);
  });

  it('when the platform is down, then applying answers 502 and binds nothing; later it works', async () => {
    const alice = await loginWithConsent(stack);
    const { id } = await addPatient(stack, alice);
    stack.regional.setFaults({ outage: true });
    expectEnvelope(await call(alice, 'POST', card(id)), 502, 'UPSTREAM_UNAVAILABLE');
    expect(await count('health_card_claims', { _id: `patient#${id}` })).toBe(0);
    stack.regional.setFaults({ outage: false });
    expect((await call(alice, 'POST', card(id))).status).toBe(201);
  });

  it('when no card was applied for, then the card and its codes are 404 CARD_NOT_FOUND', async () => {
    const alice = await loginWithConsent(stack);
    const { id } = await addPatient(stack, alice);
    for (const sub of ['', '/code', '/offline-codes', '/scans'])
      expectEnvelope(await call(alice, 'GET', card(id, sub)), 404, 'CARD_NOT_FOUND');
  });
});

describe('another account, no token, bad ids', () => {
  let owner: LoggedIn;
  let stranger: LoggedIn;
  let patientId: string;
  beforeAll(async () => {
    owner = await loginWithConsent(stack);
    stranger = await loginWithConsent(stack);
    patientId = (await patientWithCard(stack, owner)).id;
  });

  it.each([
    ['POST', ''],
    ['GET', ''],
    ['GET', '/code'],
    ['GET', '/offline-codes'],
    ['PUT', '/pin'],
    ['GET', '/static-code'],
    ['POST', '/static-code'],
    ['GET', '/scans'],
  ])(
    'when another account calls %s …/health-card%s, then it is 404 PATIENT_NOT_FOUND',
    async (method, sub) => {
      const res = await call(
        stranger,
        method,
        card(patientId, sub),
        method === 'PUT' ? { pin: '802461' } : undefined,
      );
      expectEnvelope(res, 404, 'PATIENT_NOT_FOUND');
    },
  );

  it('when the patient id is malformed, then it is the same 404', async () => {
    expectEnvelope(await call(owner, 'GET', card('not-a-patient')), 404, 'PATIENT_NOT_FOUND');
  });

  it('when no token is sent, then it is 401', async () => {
    expectEnvelope(
      await request(`${stack.baseUrl}/api/v1${card(patientId, '/code')}`),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('dynamic codes', () => {
  let alice: LoggedIn;
  let patientId: string;
  beforeAll(async () => {
    alice = await loginWithConsent(stack);
    patientId = (await patientWithCard(stack, alice)).id;
  });

  it('when the page asks for a code, then it gets a fresh one valid 120 s, to be replaced after 60 s', async () => {
    const res = await call(alice, 'GET', card(patientId, '/code?scene=registration'));
    expect(res.status).toBe(200);
    const code = DynamicCode.parse(res.body);
    expect(code).toMatchObject({ kind: 'dynamic', scene: 'registration' });
    expect(code.code).toMatch(/^JK1\.[A-Z2-7]{159}$/);
    const from = Date.parse(code.validFrom);
    expect(Math.abs(from - Date.now())).toBeLessThan(5_000);
    expect(Date.parse(code.expiresAt) - from).toBe(120_000);
    expect(Date.parse(code.refreshAt) - from).toBe(60_000);
    const next = DynamicCode.parse((await call(alice, 'GET', card(patientId, '/code'))).body);
    expect(next).toMatchObject({ scene: 'general' });
    expect(next.code).not.toBe(code.code);
  });

  it('when an offline pack is asked for, then it holds 10 distinct codes for consecutive windows', async () => {
    const res = await call(alice, 'GET', card(patientId, '/offline-codes?scene=triage'));
    expect(res.status).toBe(200);
    const pack = OfflineCodesResponse.parse(res.body);
    expect(pack.items).toHaveLength(10);
    expect(new Set(pack.items.map((c) => c.code)).size).toBe(10);
    const starts = pack.items.map((c) => Date.parse(c.validFrom));
    starts.forEach((start, k) => {
      expect(start - (starts[0] as number)).toBe(k * 60_000);
      expect(Date.parse(pack.items[k]!.expiresAt) - start).toBe(120_000);
    });
  });

  it.each([
    ['scene=lottery', 'scene'],
    ['scene=general&extra=1', 'extra'],
  ])('when the query is %s, then it is 400 naming %s', async (query, field) => {
    const res = await call(alice, 'GET', card(patientId, `/code?${query}`));
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body).toMatchObject({ error: { field } });
  });
});

describe('PIN and static code', () => {
  let alice: LoggedIn;
  let patientId: string;
  let idNumber: string;
  beforeAll(async () => {
    alice = await loginWithConsent(stack);
    ({ id: patientId, idNumber } = await patientWithCard(stack, alice, { idNumber: residentId('19850307') }));
  });

  it('when a static code is asked for before a PIN is set, then it is 409 PIN_NOT_SET', async () => {
    expectEnvelope(await call(alice, 'GET', card(patientId, '/static-code')), 409, 'PIN_NOT_SET');
    expectEnvelope(await call(alice, 'POST', card(patientId, '/static-code')), 409, 'PIN_NOT_SET');
  });

  it.each([
    ['five digits', '80246'],
    ['seven digits', '8024613'],
    ['letters', 'abcdef'],
    ['a number, not a string', 802461],
    ['123456', '123456'],
    ['654321', '654321'],
    ['000000', '000000'],
    ['121212', '121212'],
    ['the birthday as YYMMDD', '850307'],
    ['the birthday as MMDDYY', '030785'],
  ])('when the PIN is %s, then it is 400 naming pin', async (_case, pin) => {
    const res = await call(alice, 'PUT', card(patientId, '/pin'), { pin });
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body).toMatchObject({ error: { field: 'pin' } });
  });

  it('when the PIN is the tail of the ID number, then it is 400 naming pin', async () => {
    const res = await call(alice, 'PUT', card(patientId, '/pin'), { pin: idNumber.slice(-6) });
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body).toMatchObject({ error: { field: 'pin' } });
  });

  it('when a good PIN is set, then it is stored hashed, the static code can be read, and a reprint takes the next serial', async () => {
    const set = await call(alice, 'PUT', card(patientId, '/pin'), { pin: '802461' });
    expect(set.status).toBe(204);
    const stored = await db.collection('health_card_pins').find().toArray();
    expect(JSON.stringify(stored)).not.toContain('802461');

    const first = StaticCodeResponse.parse((await call(alice, 'GET', card(patientId, '/static-code'))).body);
    expect(first).toMatchObject({ kind: 'static', serial: 1 });
    expect(first.code).toMatch(/^JK1S\.[A-Z2-7]{144}$/);
    const again = StaticCodeResponse.parse((await call(alice, 'GET', card(patientId, '/static-code'))).body);
    expect(again).toMatchObject({ serial: 1, issuedAt: first.issuedAt });

    const reprint = await call(alice, 'POST', card(patientId, '/static-code'));
    expect(reprint.status).toBe(201);
    expect(StaticCodeResponse.parse(reprint.body).serial).toBe(2);
    expect(
      StaticCodeResponse.parse((await call(alice, 'GET', card(patientId, '/static-code'))).body).serial,
    ).toBe(2);
    const face = faceOf((await call(alice, 'GET', card(patientId))).body);
    expect(face).toMatchObject({ pinSet: true, staticCode: { serial: 2 } });
  });
});

describe('a frozen card', () => {
  it('when the platform freezes the card, then the card page shows it and no code is issued', async () => {
    const alice = await loginWithConsent(stack);
    const { id } = await patientWithCard(stack, alice);
    const cardId = await platformCardId(db, id);
    expect((await setCardStatus(stack, cardId, 'frozen')).status).toBe(200);
    expect(faceOf((await call(alice, 'GET', card(id))).body).status).toBe('frozen');
    expectEnvelope(await call(alice, 'GET', card(id, '/code')), 409, 'CARD_NOT_ACTIVE');
    expectEnvelope(await call(alice, 'GET', card(id, '/offline-codes')), 409, 'CARD_NOT_ACTIVE');
    await setCardStatus(stack, cardId, 'active');
    expect((await call(alice, 'GET', card(id, '/code'))).status).toBe(200);
  });
});
