import { startRegionalPlatform, type RegionalPlatformHandle } from '@jiankang/sim';
import { AppError } from '../../bff/src/lib/app-error';
import { UpstreamError } from '../../bff/src/lib/upstream-error';
import { RegionalClient } from '../../bff/src/upstreams/regional/client';
import { RegionalEmpi } from '../../bff/src/upstreams/regional/empi';
import { RegionalHealthCards, type CardApplicant } from '../../bff/src/upstreams/regional/health-cards';
import { TEST_APP_ID, TEST_APP_SECRET } from '../support/stack';
import { request } from '../support/http';

let regional: RegionalPlatformHandle;
let client: RegionalClient;
let cards: RegionalHealthCards;

const clientFor = (appSecret = TEST_APP_SECRET) =>
  new RegionalClient({ baseUrl: regional.url, appId: TEST_APP_ID, appSecret, timeoutMs: 2_000, retries: 1 });

beforeAll(async () => {
  regional = await startRegionalPlatform({ apps: { [TEST_APP_ID]: TEST_APP_SECRET } });
});
// A fresh client per test, so one test's outage does not leave the circuit breaker open.
beforeEach(() => {
  regional.reset();
  client = clientFor();
  cards = new RegionalHealthCards(client);
});
afterAll(async () => {
  await regional?.close();
});

const zhang = { name: '张三明', idType: 'resident_id', idNumber: '11010519491231002X' } as const;

/** The applicant as the BFF has them: matched at the EMPI when the patient was added. */
async function applicant(person = zhang): Promise<CardApplicant> {
  const match = await new RegionalEmpi(client).match(person);
  if (!match.found) throw new Error('the EMPI simulator should know this person');
  return { ...person, masterId: match.masterId };
}

const setStatus = (cardId: string, status: string) =>
  request(`${regional.url}/__admin/health-cards/${cardId}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ status }),
  });

describe('the BFF health card client against the regional platform', () => {
  it('when a matched person applies, then an active card of theirs comes back', async () => {
    const person = await applicant();
    const card = await cards.apply({ ...person, phone: '13800138000' });
    expect(card).toMatchObject({ masterId: person.masterId, status: 'active', issuer: expect.any(String) });
    expect(card.cardId).toMatch(/^[0-9A-F]{64}$/);
  });

  it('when the same person applies twice, then both answers are the same card, and get finds it', async () => {
    const person = await applicant();
    const first = await cards.apply(person);
    expect(await cards.apply(person)).toEqual(first);
    expect(await cards.get(first.cardId)).toEqual(first);
  });

  it.each([
    ['unknown', 'C'.repeat(64)],
    ['not a card id at all', '../hospitals'],
  ])('when the card id is %s, then get answers null', async (_case, cardId) => {
    expect(await cards.get(cardId)).toBeNull();
  });

  it('when the platform freezes the card, then get and a new application show it frozen', async () => {
    const person = await applicant();
    const card = await cards.apply(person);
    expect((await setStatus(card.cardId, 'frozen')).status).toBe(200);
    expect(await cards.get(card.cardId)).toMatchObject({ cardId: card.cardId, status: 'frozen' });
    expect(await cards.apply(person)).toMatchObject({ cardId: card.cardId, status: 'frozen' });
  });

  it('when the card was cancelled, then applying again gives a new active card', async () => {
    const person = await applicant();
    const old = await cards.apply(person);
    await setStatus(old.cardId, 'cancelled');
    const renewed = await cards.apply(person);
    expect(renewed).toMatchObject({ status: 'active', masterId: person.masterId });
    expect(renewed.cardId).not.toBe(old.cardId);
    expect((await cards.get(old.cardId))?.status).toBe('cancelled');
  });

  it('when the name does not match the person, then 422 CARD_APPLY_REFUSED without the ID number', async () => {
    const person = await applicant();
    await cards.apply(person);
    const err = await cards.apply({ ...person, name: '张三' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CARD_APPLY_REFUSED', status: 422 });
    expect(String((err as Error).message)).not.toContain(zhang.idNumber);
  });

  it('when the platform is down, then apply and get fail with a retryable UpstreamError', async () => {
    const card = await cards.apply(await applicant());
    regional.setFaults({ outage: true });
    for (const call of [
      () => cards.apply({ ...zhang, masterId: card.masterId }),
      () => cards.get(card.cardId),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err).toMatchObject({ upstream: 'regional', kind: 'status', status: 503, retryable: true });
    }
  });

  it('when our signature is refused, then apply fails with an auth UpstreamError', async () => {
    const person = await applicant();
    const wrong = new RegionalHealthCards(clientFor('a-wrong-secret-for-this-platform'));
    await expect(wrong.apply(person)).rejects.toMatchObject({ kind: 'auth', status: 401, retryable: false });
  });
});
