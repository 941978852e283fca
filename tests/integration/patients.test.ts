import mongoose from 'mongoose';
import { PatientListResponse, PatientResponse, residentIdCheckChar } from '@jiankang/shared';
import { bearer, loginAs, loginWithConsent, type LoggedIn } from '../support/auth';
import { testMongoUri } from '../support/db';
import { expectEnvelope, request, type JsonResponse } from '../support/http';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: mongoose.Connection;

beforeAll(async () => {
  // Many accounts sign in from one loopback address here.
  stack = await startStack({ overrides: { rateLimits: { loginPerIpPerMinute: 10_000 } } });
  db = await mongoose.createConnection(testMongoUri(), { dbName: stack.dbName }).asPromise();
});
afterAll(async () => {
  await db?.close();
  await stack?.close();
});
afterEach(() => stack.regional.setFaults({ outage: false, errorRate: 0, latencyMs: 0 }));

/** A valid resident ID: Huicheng district, the given birth date, sequence `seq` (odd = male). */
let counter = 100;
function residentId(birth = '19900307', seq?: number): string {
  const first17 = `441302${birth}${String(seq ?? (counter += 1) % 999).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}
/** A resident ID whose last character is not its check character. */
const GOOD = residentId('19900307', 555);
const BAD_CHECK = GOOD.slice(0, 17) + (GOOD.endsWith('0') ? '1' : '0');
const phone = (n: number) => `138${String(10_000_000 + n).slice(-8)}`;

function person(overrides: Record<string, unknown> = {}) {
  const n = (counter += 1);
  return {
    name: '张三明',
    idType: 'resident_id',
    idNumber: residentId('19900307', n % 998),
    phone: phone(n),
    relation: 'child',
    ...overrides,
  };
}

const url = (path: string) => `${stack.baseUrl}/api/v1${path}`;

function call<T = unknown>(
  who: LoggedIn,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse<T>> {
  return request<T>(url(path), {
    method,
    headers: {
      ...bearer(who.accessToken),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function add(who: LoggedIn, body: unknown) {
  const res = await call<PatientResponse>(who, 'POST', '/patients', body);
  return res;
}

async function counts(accountId: string) {
  const patients = await db.collection('patients').countDocuments({ accountId, removedAt: null });
  const claims = await db.collection('patient_claims').countDocuments({ accountId });
  return { patients, claims };
}

describe('patients (就诊人)', () => {
  it('when 本人 and a child are added, then the list shows both masked and without the master id', async () => {
    const alice = await loginWithConsent(stack);
    const self = person({
      name: '张三明',
      relation: 'self',
      phone: '13812345678',
      idNumber: residentId('19850101', 123),
    });
    const created = await add(alice, self);
    expect(created.status).toBe(201);
    const { patient } = PatientResponse.parse(created.body);
    expect(patient).toMatchObject({
      name: '张*明',
      idType: 'resident_id',
      idNumberMasked: `441***********${self.idNumber.slice(-4)}`,
      phoneMasked: '138****5678',
      relation: 'self',
    });
    expect(created.headers.get('location')).toBe(`/api/v1/patients/${patient.id}`);
    expect(created.headers.get('cache-control')).toBe('no-store');

    expect((await add(alice, person({ name: '欧阳娜娜', relation: 'child' }))).status).toBe(201);
    const list = await call(alice, 'GET', '/patients');
    expect(list.status).toBe(200);
    const body = PatientListResponse.parse(list.body);
    expect(body.items.map((p) => [p.name, p.relation])).toEqual([
      ['张*明', 'self'],
      ['欧阳**', 'child'],
    ]);
    expect(body.limit).toBe(5);
    expect(list.text).not.toContain(self.idNumber);
    expect(list.text).not.toContain('13812345678');
    expect(list.text).not.toMatch(/masterId|EMPI/);

    const one = await call(alice, 'GET', `/patients/${patient.id}`);
    expect(PatientResponse.parse(one.body).patient).toEqual(patient);
  });

  it('when a patient is edited, then name, phone and relation change and the ID number cannot', async () => {
    const alice = await loginWithConsent(stack);
    const { patient } = PatientResponse.parse((await add(alice, person({ relation: 'parent' }))).body);
    const edited = await call(alice, 'PATCH', `/patients/${patient.id}`, {
      name: '李四',
      phone: '+86 139 0000 1111',
    });
    expect(edited.status).toBe(200);
    expect(PatientResponse.parse(edited.body).patient).toMatchObject({
      name: '李*',
      phoneMasked: '139****1111',
      relation: 'parent',
      idNumberMasked: patient.idNumberMasked,
    });

    const toSelf = await call(alice, 'PUT', `/patients/${patient.id}`, {
      name: '李四',
      phone: '13900001111',
      relation: 'self',
    });
    expect(PatientResponse.parse(toSelf.body).patient.relation).toBe('self');
    expect(
      await db.collection('patient_claims').countDocuments({ _id: `${alice.accountId}#self` } as object),
    ).toBe(1);

    // Moving 本人 away gives the claim back, so another patient can become 本人.
    await call(alice, 'PATCH', `/patients/${patient.id}`, { relation: 'other' });
    expect(
      await db.collection('patient_claims').countDocuments({ _id: `${alice.accountId}#self` } as object),
    ).toBe(0);

    const idEdit = await call(alice, 'PATCH', `/patients/${patient.id}`, { idNumber: residentId() });
    expectEnvelope(idEdit, 400, 'VALIDATION_FAILED');
    expect(idEdit.body).toMatchObject({ error: { field: 'idNumber' } });
  });

  it('when a patient is removed, then it is gone from the list, its claims are released and it can be added again', async () => {
    const alice = await loginWithConsent(stack);
    const input = person({ relation: 'self' });
    const { patient } = PatientResponse.parse((await add(alice, input)).body);
    expect(await counts(alice.accountId)).toEqual({ patients: 1, claims: 4 });

    expect((await call(alice, 'DELETE', `/patients/${patient.id}`)).status).toBe(204);
    expectEnvelope(await call(alice, 'GET', `/patients/${patient.id}`), 404, 'PATIENT_NOT_FOUND');
    expectEnvelope(await call(alice, 'DELETE', `/patients/${patient.id}`), 404, 'PATIENT_NOT_FOUND');
    expect(PatientListResponse.parse((await call(alice, 'GET', '/patients')).body).items).toEqual([]);
    expect(await counts(alice.accountId)).toEqual({ patients: 0, claims: 0 });
    // Soft delete: bookings keep pointing at the id.
    expect(await db.collection('patients').countDocuments({ _id: patient.id } as object)).toBe(1);

    expect((await add(alice, input)).status).toBe(201);
  });

  it('when a 6th patient is added, then 409 PATIENT_LIMIT_REACHED', async () => {
    const alice = await loginWithConsent(stack);
    for (let i = 0; i < 5; i += 1) expect((await add(alice, person())).status).toBe(201);
    expectEnvelope(await add(alice, person()), 409, 'PATIENT_LIMIT_REACHED');
    expect(await counts(alice.accountId)).toEqual({ patients: 5, claims: 10 });
  });

  it('when a second 本人 is added, then 409 SELF_ALREADY_EXISTS', async () => {
    const alice = await loginWithConsent(stack);
    expect((await add(alice, person({ relation: 'self' }))).status).toBe(201);
    expectEnvelope(await add(alice, person({ relation: 'self' })), 409, 'SELF_ALREADY_EXISTS');
    expect(await counts(alice.accountId)).toEqual({ patients: 1, claims: 4 });
  });

  it('when an ID number is 本人 of another account, then it cannot be 本人 here (409 ID_NUMBER_TAKEN) but can be family', async () => {
    const alice = await loginWithConsent(stack);
    const bob = await loginWithConsent(stack);
    const input = person({ relation: 'self' });
    expect((await add(alice, input)).status).toBe(201);
    expectEnvelope(await add(bob, { ...input, name: '张三明' }), 409, 'ID_NUMBER_TAKEN');
    expect((await add(bob, { ...input, relation: 'parent' })).status).toBe(201);
    expectEnvelope(await add(bob, { ...input, relation: 'other' }), 409, 'ID_NUMBER_TAKEN');
    expect(await counts(bob.accountId)).toEqual({ patients: 1, claims: 2 });
  });

  it.each([
    ['a bad check digit', 'idNumber', { idNumber: BAD_CHECK }],
    ['17 digits', 'idNumber', { idNumber: '44130219900307123' }],
    ['birth date 2024-02-30', 'idNumber', { idNumber: residentId('20240230', 1) }],
    ['a future birth date', 'idNumber', { idNumber: residentId('20991231', 1) }],
    ['U+0000 in the name', 'name', { name: '张\u0000三' }],
    ['U+202E in the name', 'name', { name: '张\u202e三' }],
    ['a bad phone', 'phone', { phone: '12812345678' }],
    ['an unknown relation', 'relation', { relation: 'friend' }],
    ['an operator as the name', 'name', { name: { $ne: null } }],
  ])('when the body has %s, then 400 naming %s and nothing is written', async (_case, field, patch) => {
    const alice = await loginWithConsent(stack);
    const base = person();
    const input = { ...base, ...patch };
    const res = await add(alice, input);
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(res.body).toMatchObject({ error: { field } });
    expect(res.text).not.toContain(base.phone);
    expect(await counts(alice.accountId)).toEqual({ patients: 0, claims: 0 });
  });

  it('when the body carries __proto__ or an operator key, then 400 and nothing is written', async () => {
    const alice = await loginWithConsent(stack);
    const base = JSON.stringify(person());
    // The JSON parser itself refuses a __proto__ key (prototype poisoning), before any schema.
    const proto = await add(alice, `${base.slice(0, -1)},"__proto__":{"relation":"self"}}`);
    expectEnvelope(proto, 400, 'MALFORMED_JSON');
    const nested = await add(alice, { ...person(), name: JSON.parse('{"__proto__":{"x":1}}') as object });
    expectEnvelope(nested, 400, 'MALFORMED_JSON');
    const where = await add(alice, `${base.slice(0, -1)},"$where":"1"}`);
    expectEnvelope(where, 400, 'VALIDATION_FAILED');
    expect(where.body).toMatchObject({ error: { field: '$where' } });
    expect(await counts(alice.accountId)).toEqual({ patients: 0, claims: 0 });
  });

  it("when another account's patient is named, then 404 PATIENT_NOT_FOUND for every method", async () => {
    const alice = await loginWithConsent(stack);
    const mallory = await loginWithConsent(stack);
    const { patient } = PatientResponse.parse((await add(alice, person())).body);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { relation: 'other' }],
      ['PUT', { name: '王五', phone: '13700000000', relation: 'other' }],
      ['DELETE', undefined],
    ] as const) {
      expectEnvelope(await call(mallory, method, `/patients/${patient.id}`, body), 404, 'PATIENT_NOT_FOUND');
    }
    expectEnvelope(await call(mallory, 'GET', '/patients/not-an-id'), 404, 'PATIENT_NOT_FOUND');
    expect((await call(alice, 'GET', `/patients/${patient.id}`)).status).toBe(200);
  });

  it('when the EMPI does not know the person, then 422 PERSON_NOT_FOUND and nothing is written', async () => {
    const alice = await loginWithConsent(stack);
    expectEnvelope(await add(alice, person({ name: '测试未登记王五' })), 422, 'PERSON_NOT_FOUND');
    expectEnvelope(
      await add(alice, person({ idNumber: residentId('19900307', 999) })),
      422,
      'PERSON_NOT_FOUND',
    );
    expect(await counts(alice.accountId)).toEqual({ patients: 0, claims: 0 });
  });

  it('when the regional platform is down, then 502 UPSTREAM_UNAVAILABLE and nothing is written', async () => {
    const alice = await loginWithConsent(stack);
    stack.regional.setFaults({ outage: true });
    expectEnvelope(await add(alice, person({ relation: 'self' })), 502, 'UPSTREAM_UNAVAILABLE');
    expect(await counts(alice.accountId)).toEqual({ patients: 0, claims: 0 });
  });

  it('when 10 patients are added to one account at once, then at most 5 succeed and the claims agree', async () => {
    const alice = await loginWithConsent(stack);
    const results = await Promise.all(Array.from({ length: 10 }, () => add(alice, person())));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    const created = statuses.filter((s) => s === 201).length;
    const seats = await db
      .collection('patient_claims')
      .countDocuments({ _id: { $regex: `^${alice.accountId}#slot` } } as object);
    expect(await counts(alice.accountId)).toEqual({ patients: created, claims: created * 2 });
    expect(seats).toBe(created);
    // Each add tries every seat, so exactly 5 win; the rest found all 5 held.
    expect(created).toBe(5);
  });

  it('the stored documents hold no ID number, phone or name in clear', async () => {
    const alice = await loginWithConsent(stack);
    const input = person({ name: '陈小梅', relation: 'self', phone: '13698765432' });
    expect((await add(alice, input)).status).toBe(201);
    const raw = JSON.stringify([
      ...(await db.collection('patients').find({ accountId: alice.accountId }).toArray()),
      ...(await db.collection('patient_claims').find({ accountId: alice.accountId }).toArray()),
    ]);
    for (const secret of [input.idNumber, input.idNumber.slice(6, 14), '13698765432', '陈小梅'])
      expect(raw).not.toContain(secret);
    expect(raw).toContain('v1.');
  });

  it('when there is no token, then 401; when the privacy notice is not accepted, then 403 CONSENT_REQUIRED', async () => {
    expectEnvelope(await request(url('/patients')), 401, 'UNAUTHENTICATED');
    const fresh = await loginAs(stack);
    expectEnvelope(await call(fresh, 'GET', '/patients'), 403, 'CONSENT_REQUIRED');
    expectEnvelope(await add(fresh, person()), 403, 'CONSENT_REQUIRED');
  });
});
