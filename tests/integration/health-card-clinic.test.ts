import mongoose from 'mongoose';
import { ClinicVerifyResponse, OfflineCodesResponse, StaticCodeResponse } from '@jiankang/shared';
import { base32Decode, base32Encode } from '../../bff/src/services/health-card/base32';
import { loginWithConsent, type LoggedIn } from '../support/auth';
import { testMongoUri } from '../support/db';
import {
  CLINIC_KEYS,
  addPatient,
  callAs,
  cardStackOptions,
  dynamicCode,
  patientWithCard,
  platformCardId,
  residentId,
  setCardStatus,
  terminal,
  TestClock,
} from '../support/health-card';
import { expectEnvelope, request } from '../support/http';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: mongoose.Connection;
const clock = new TestClock();
let alice: LoggedIn;
let patientId: string;
let idNumber: string;

beforeAll(async () => {
  stack = await startStack(cardStackOptions(clock));
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
  alice = await loginWithConsent(stack);
  ({ id: patientId, idNumber } = await patientWithCard(stack, alice, {
    name: '张三明',
    idNumber: residentId('19850307'),
  }));
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
});
afterEach(() => clock.reset());

const central = () => terminal(stack, clock, 'hzszxrmyy', 'reg-01');
const other = () => terminal(stack, clock, 'hzsdyrmyy', 'reg-09');
const freshCode = async (scene = 'general') => (await dynamicCode(stack, alice, patientId, scene)).code;

/** The code with one byte of its payload or signature changed, re-encoded as an attacker would. */
function changeOneByte(code: string, at: number): string {
  const prefix = code.slice(0, code.indexOf('.') + 1);
  const bytes = base32Decode(code, prefix.length);
  if (!bytes) throw new Error('not a code');
  bytes[at] = (bytes[at] as number) ^ 0x01;
  return prefix + base32Encode(bytes);
}

/** Replaces one character in the middle of the code (inside the signed bytes) with another of the alphabet. */
const changeOneCharacter = (code: string, at = 80) =>
  code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);

describe('verifying a dynamic code', () => {
  it('when a valid code is scanned, then the window gets who it is', async () => {
    const res = await central().verify({ code: await freshCode(), scene: 'registration' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = ClinicVerifyResponse.parse(res.body);
    expect(body.identity).toEqual({
      name: '张三明',
      gender: expect.stringMatching(/^[MF]$/),
      age: expect.any(Number),
      idType: 'resident_id',
      idNumberMasked: `441***********${idNumber.slice(-4)}`,
      cardId: await platformCardId(db, patientId),
      masterId: expect.stringMatching(/^EMPI/),
    });
    expect(body.identity.age).toBeGreaterThanOrEqual(40);
    expect(body.code).toMatchObject({ kind: 'dynamic', scene: 'general', expiresAt: expect.any(String) });
    expect(res.text).not.toContain(idNumber);
  });

  it('when the scanner adds a line break and spaces, then the code still verifies', async () => {
    const res = await central().verify({ code: `  ${await freshCode()}\r\n` });
    expect(res.status).toBe(200);
  });

  it('when the code is scanned after its 120 s, then it is CODE_EXPIRED', async () => {
    const code = await freshCode();
    clock.advance(126_000);
    expectEnvelope(await central().verify({ code }), 422, 'CODE_EXPIRED');
  });

  it.each([
    ['the card reference', 422, 'CODE_TAMPERED', 5],
    ['the issue time', 422, 'CODE_TAMPERED', 20],
    ['the expiry', 422, 'CODE_TAMPERED', 26],
    ['the nonce', 422, 'CODE_TAMPERED', 30],
    ['the signature', 422, 'CODE_TAMPERED', 70],
    ['the version', 400, 'CODE_MALFORMED', 0],
  ])('when one byte of %s is changed, then it is %s %s', async (_field, status, code, at) => {
    expectEnvelope(await central().verify({ code: changeOneByte(await freshCode(), at) }), status, code);
  });

  it('when one character of the code is changed, then it is CODE_TAMPERED', async () => {
    expectEnvelope(
      await central().verify({ code: changeOneCharacter(await freshCode()) }),
      422,
      'CODE_TAMPERED',
    );
  });

  it('when the same code is scanned again, then it is CODE_REPLAYED', async () => {
    const code = await freshCode();
    expect((await central().verify({ code })).status).toBe(200);
    expectEnvelope(await other().verify({ code }), 409, 'CODE_REPLAYED');
  });

  it('when two windows scan the same code at once, then exactly one succeeds', async () => {
    for (let round = 0; round < 3; round += 1) {
      const code = await freshCode();
      const answers = await Promise.all([
        central().verify({ code }),
        other().verify({ code }),
        terminal(stack, clock, 'hzszxrmyy', 'reg-02').verify({ code }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
      for (const a of answers.filter((x) => x.status === 409)) expectEnvelope(a, 409, 'CODE_REPLAYED');
    }
  });

  it('when a code shown for 取药 is scanned at a registration window, then it is CODE_SCENE_MISMATCH', async () => {
    const code = await freshCode('pharmacy');
    expectEnvelope(await central().verify({ code, scene: 'registration' }), 422, 'CODE_SCENE_MISMATCH');
    expect((await central().verify({ code, scene: 'pharmacy' })).status).toBe(200);
  });

  it('when the card is frozen at the platform, then its codes are CARD_NOT_ACTIVE until it is unfrozen', async () => {
    const code = await freshCode();
    const cardId = await platformCardId(db, patientId);
    await setCardStatus(stack, cardId, 'frozen');
    try {
      expectEnvelope(await central().verify({ code }), 409, 'CARD_NOT_ACTIVE');
    } finally {
      await setCardStatus(stack, cardId, 'active');
    }
    expect((await central().verify({ code })).status).toBe(200);
  });
});

type Card = { status: string; cardIdMasked: string };

describe('a card the platform cancelled', () => {
  it('when the person applies again, then a new card is bound for every account holding them and only its codes verify', async () => {
    const daughter = await loginWithConsent(stack);
    const son = await loginWithConsent(stack);
    const idNumber = residentId('19460101');
    const { id: mine } = await patientWithCard(stack, daughter, { name: '李婆婆', idNumber });
    const { id: his } = await addPatient(stack, son, { name: '李婆婆', idNumber });
    // A new binding for his 就诊人, to the same card.
    expect((await callAs(stack, son, 'POST', `/patients/${his}/health-card`)).status).toBe(201);
    const oldCardId = await platformCardId(db, mine);
    const oldCode = (await dynamicCode(stack, daughter, mine)).code;
    expect((await setCardStatus(stack, oldCardId, 'cancelled')).status).toBe(200);

    const face = (who: LoggedIn, id: string) =>
      callAs<{ card: Card }>(stack, who, 'GET', `/patients/${id}/health-card`);
    const cancelled = (await face(daughter, mine)).body.card;
    expect(cancelled.status).toBe('cancelled');
    const oldMasked = cancelled.cardIdMasked;
    expectEnvelope(
      await callAs(stack, daughter, 'GET', `/patients/${mine}/health-card/code`),
      409,
      'CARD_NOT_ACTIVE',
    );

    // Both children press 申领 at once: one new card, one successor.
    const [a, b] = await Promise.all([
      callAs<{ card: Card }>(stack, daughter, 'POST', `/patients/${mine}/health-card`),
      callAs<{ card: Card }>(stack, son, 'POST', `/patients/${his}/health-card`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.card).toMatchObject({ status: 'active' });
    expect(b.body.card.cardIdMasked).toBe(a.body.card.cardIdMasked);
    expect(a.body.card.cardIdMasked).not.toBe(oldMasked);
    expect((await face(son, his)).body.card).toMatchObject({
      status: 'active',
      cardIdMasked: a.body.card.cardIdMasked,
    });
    expect(
      await db.collection('health_card_claims').countDocuments({ _id: { $regex: /^next#/ } as never }),
    ).toBeGreaterThanOrEqual(1);

    expectEnvelope(await central().verify({ code: oldCode }), 409, 'CARD_NOT_ACTIVE');
    const newCode = (await dynamicCode(stack, son, his)).code;
    const res = await central().verify({ code: newCode });
    expect(res.status).toBe(200);
    const identity = ClinicVerifyResponse.parse(res.body).identity;
    expect(identity.name).toBe('李婆婆');
    expect(identity.cardId).not.toBe(oldCardId);
    // The new card starts without a PIN or static code: those belonged to the cancelled card.
    expect((await face(daughter, mine)).body.card).toMatchObject({ pinSet: false, staticCode: null });
  });
});

describe('an offline pack', () => {
  it('when each of the 10 codes is scanned, then it is valid only in its own window', async () => {
    const res = await callAs(stack, alice, 'GET', `/patients/${patientId}/health-card/offline-codes`);
    const { items } = OfflineCodesResponse.parse(res.body);
    expect(items).toHaveLength(10);
    for (const [k, item] of items.entries()) {
      const from = Date.parse(item.validFrom);
      const until = Date.parse(item.expiresAt);
      if (k > 0) {
        clock.set(from - 6_000);
        expectEnvelope(await central().verify({ code: item.code }), 422, 'CODE_NOT_YET_VALID');
      }
      clock.set(until + 6_000);
      expectEnvelope(await central().verify({ code: item.code }), 422, 'CODE_EXPIRED');
      clock.set(from + 1_000);
      expect((await central().verify({ code: item.code })).status).toBe(200);
      expectEnvelope(await central().verify({ code: item.code }), 409, 'CODE_REPLAYED');
    }
  });
});

describe('a static code with its PIN', () => {
  let holder: LoggedIn;
  let holderPatient: string;
  let staticCode: string;
  const PIN = '802461';
  const WRONG = '397140';

  beforeAll(async () => {
    holder = await loginWithConsent(stack);
    holderPatient = (await patientWithCard(stack, holder, { name: '王建国' })).id;
    await callAs(stack, holder, 'PUT', `/patients/${holderPatient}/health-card/pin`, { pin: PIN });
    const issued = await callAs(stack, holder, 'GET', `/patients/${holderPatient}/health-card/static-code`);
    staticCode = StaticCodeResponse.parse(issued.body).code;
  });

  it('when it is scanned without a PIN, then it is PIN_REQUIRED', async () => {
    expectEnvelope(await central().verify({ code: staticCode }), 422, 'PIN_REQUIRED');
  });

  it('when it is scanned with the right PIN, then the window gets who it is, as often as needed', async () => {
    for (let i = 0; i < 2; i += 1) {
      const res = await central().verify({ code: staticCode, pin: PIN });
      expect(res.status).toBe(200);
      expect(ClinicVerifyResponse.parse(res.body)).toMatchObject({
        identity: { name: '王建国' },
        code: { kind: 'static', expiresAt: null },
      });
    }
  });

  it('when the PIN is wrong five times, then it locks for 30 minutes even for the right PIN', async () => {
    for (let i = 1; i <= 5; i += 1) {
      const res = await central().verify({ code: staticCode, pin: WRONG });
      expectEnvelope(res, 422, 'PIN_WRONG');
      if (i < 5) expect((res.body as { error: { message: string } }).error.message).toContain(`${5 - i}次`);
    }
    const locked = await central().verify({ code: staticCode, pin: PIN });
    expectEnvelope(locked, 423, 'PIN_LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(29 * 60);
    clock.advance(29 * 60_000);
    expectEnvelope(await other().verify({ code: staticCode, pin: PIN }), 423, 'PIN_LOCKED');
    clock.advance(61_000);
    expect((await central().verify({ code: staticCode, pin: PIN })).status).toBe(200);
  });

  it('when six wrong PINs arrive at once, then none is lost: the card locks', async () => {
    clock.advance(3 * 60 * 60_000);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        terminal(stack, clock, 'hzszxrmyy', `win-${i}`).verify({ code: staticCode, pin: WRONG }),
      ),
    );
    for (const a of answers) expectEnvelope(a, 422, 'PIN_WRONG');
    expectEnvelope(await central().verify({ code: staticCode, pin: PIN }), 423, 'PIN_LOCKED');
  });

  it('when a new static code is printed, then the old one is CODE_REVOKED and the new one works', async () => {
    clock.advance(6 * 60 * 60_000);
    const reissued = await callAs(
      stack,
      holder,
      'POST',
      `/patients/${holderPatient}/health-card/static-code`,
    );
    const fresh = StaticCodeResponse.parse(reissued.body).code;
    expectEnvelope(await central().verify({ code: staticCode, pin: PIN }), 422, 'CODE_REVOKED');
    expect((await central().verify({ code: fresh, pin: PIN })).status).toBe(200);
    expectEnvelope(await central().verify({ code: changeOneCharacter(fresh) }), 422, 'CODE_TAMPERED');
  });
});

describe('bad codes and bad bodies', () => {
  let valid: string;
  beforeAll(async () => {
    valid = await freshCode();
  });

  it.each([
    ['a code that is not ours', () => 'https://weixin.qq.com/r/abc123'],
    ['another format’s prefix', () => `JK2.${valid.slice(4)}`],
    ['a truncated code', () => valid.slice(0, 100)],
    ['a code one character short', () => valid.slice(0, -1)],
    ['a 10 kB code', () => `JK1.${'A'.repeat(10_000)}`],
    ['invalid base64 / base32', () => `JK1.${'!@#$'.repeat(40)}`.slice(0, valid.length)],
    ['lower case', () => valid.toLowerCase()],
    ['base64 padding', () => `${valid.slice(0, -2)}==`],
    ['nothing', () => '   '],
  ])('when the code is %s, then it is 400 CODE_MALFORMED', async (_case, code) => {
    expectEnvelope(await central().verify({ code: code() }), 400, 'CODE_MALFORMED');
  });

  it.each([
    ['a PIN of five digits', 'pin', { pin: '12345' }],
    ['a PIN with letters', 'pin', { pin: '12a456' }],
    ['an unknown scene', 'scene', { scene: 'lottery' }],
    ['no code', 'code', { code: undefined }],
    ['a number as the code', 'code', { code: 12345 }],
    ['an unknown field', 'extra', { extra: 1 }],
    ['another terminal than signed', 'terminalId', { terminalId: 'reg-99' }],
  ])('when the body has %s, then it is 400 naming %s', async (_case, field, change) => {
    const t = central();
    const signed = t.sign({ code: valid, terminalId: t.terminalId, scene: 'registration', ...change });
    const res = await t.send(signed);
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body).toMatchObject({ error: { field } });
  });

  it('when the body is not JSON, then it is 400 MALFORMED_JSON', async () => {
    const t = central();
    expectEnvelope(await t.send(t.sign('{"code": ')), 400, 'MALFORMED_JSON');
  });
});

describe('terminal credentials', () => {
  const body = () => ({ code: 'JK1.x', terminalId: 'reg-01', scene: 'registration' });

  it.each([
    ['signed with another hospital’s key', { key: CLINIC_KEYS.hzsdyrmyy }],
    ['signed with a made-up key', { key: 'test-only-not-a-key-0000000000' }],
  ])('when the request is %s, then it is 401 SIGNATURE_INVALID', async (_case, opts) => {
    const t = central();
    expectEnvelope(await t.send(t.sign(body(), opts)), 401, 'SIGNATURE_INVALID');
  });

  it('when a hospital without clinic terminals or no hospital is named, then it is 401', async () => {
    const t = central();
    for (const hospital of ['hzszyyy', '', 'not a hospital']) {
      const signed = t.sign(body());
      signed.init.headers['X-JK-Hospital'] = hospital;
      expectEnvelope(await t.send(signed), 401, 'SIGNATURE_INVALID');
    }
  });

  it('when the headers are missing or the body changed after signing, then it is 401', async () => {
    const t = central();
    expectEnvelope(
      await request(`${stack.baseUrl}/api/v1/clinic/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body()),
      }),
      401,
      'SIGNATURE_INVALID',
    );
    const signed = t.sign(body());
    signed.init.body = JSON.stringify({ ...body(), scene: 'pharmacy' });
    expectEnvelope(await t.send(signed), 401, 'SIGNATURE_INVALID');
  });

  it('when the terminal’s clock is 6 minutes off, then it is 401', async () => {
    const t = central();
    const signed = t.sign(body());
    clock.advance(6 * 60_000);
    expectEnvelope(await t.send(signed), 401, 'SIGNATURE_INVALID');
  });

  it('when another hospital’s terminal replays a captured request, then it is 401 however it is dressed', async () => {
    const captured = central().sign({ code: await freshCode(), terminalId: 'reg-01', scene: 'registration' });
    const copy = () => ({ ...captured.init, headers: { ...captured.init.headers } });
    // Replayed before the original arrives, relabelled as its own hospital: the signature binds the hospital.
    const relabelled = copy();
    relabelled.headers['X-JK-Hospital'] = 'hzsdyrmyy';
    expectEnvelope(await request(captured.url, relabelled), 401, 'SIGNATURE_INVALID');
    expect((await request(captured.url, captured.init)).status).toBe(200);
    // Replayed as it was: its nonce is spent.
    expectEnvelope(await request(captured.url, copy()), 401, 'SIGNATURE_INVALID');
  });
});
