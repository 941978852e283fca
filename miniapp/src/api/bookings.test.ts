import Taro from '@tarojs/taro';
import { tokenStore } from './auth';
import { cancelBooking, createBooking, listBookings, rebookBooking } from './bookings';
import { ApiError } from './client';
import { idempotencyKeys } from '../utils/idempotency';

jest.mock('@tarojs/taro', () => {
  const storage = new Map<string, unknown>();
  return {
    __esModule: true,
    default: {
      request: jest.fn(),
      getStorageSync: jest.fn((k: string) => storage.get(k) ?? ''),
      setStorageSync: jest.fn((k: string, v: unknown) => storage.set(k, v)),
      removeStorageSync: jest.fn((k: string) => storage.delete(k)),
    },
  };
});

type Call = { url: string; method: string; header: Record<string, string>; data?: unknown };
const fakeRequest = Taro.request as unknown as jest.Mock;
const calls = (): Call[] => fakeRequest.mock.calls.map((c) => c[0] as Call);
const booked = { id: 'bk_1', status: 'confirmed', awaitingHospital: false };

beforeEach(() => {
  fakeRequest.mockReset();
  tokenStore.save({
    accessToken: 'access.1.sig',
    tokenType: 'Bearer',
    expiresIn: 900,
    refreshToken: 'r'.repeat(43),
    refreshExpiresIn: 1000,
    accountId: 'acc_1',
  });
});

describe('bookings api', () => {
  it('when a booking is made, then it is POSTed with the bearer and the Idempotency-Key', async () => {
    fakeRequest.mockResolvedValue({ statusCode: 201, data: booked, header: {} });
    await createBooking({ slotId: 'h:s1', patientId: 'pt_1' }, 'mp-key-123456');
    expect(calls()[0]).toMatchObject({
      url: '/api/v1/bookings',
      method: 'POST',
      data: { slotId: 'h:s1', patientId: 'pt_1' },
      header: { 'Idempotency-Key': 'mp-key-123456', Authorization: 'Bearer access.1.sig' },
    });
  });

  it('when the first try gets no answer, then the retry from the same screen sends the same key', async () => {
    fakeRequest
      .mockRejectedValueOnce({ errMsg: 'request:fail timeout' })
      .mockResolvedValue({ statusCode: 201, data: booked, header: {} });
    const keys = idempotencyKeys();
    const body = { slotId: 'h:s1', patientId: 'pt_1' };
    await expect(createBooking(body, keys.keyFor(body))).rejects.toMatchObject({ code: 'NETWORK' });
    await createBooking(body, keys.keyFor(body));
    const [a, b] = calls();
    expect(a?.header['Idempotency-Key']).toBeTruthy();
    expect(b?.header['Idempotency-Key']).toBe(a?.header['Idempotency-Key']);
  });

  it('when the slot is full, then the 409 code reaches the page', async () => {
    fakeRequest.mockResolvedValue({
      statusCode: 409,
      data: { error: { code: 'SLOT_FULL', message: 'full', requestId: 'r1' } },
      header: {},
    });
    const err = await createBooking({ slotId: 'h:s1', patientId: 'pt_1' }, 'mp-key-123456').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'SLOT_FULL' });
  });

  it('when listing, cancelling and rebooking, then the paths, query and key are right', async () => {
    fakeRequest.mockImplementation(async (c: Call) => ({
      statusCode: 200,
      data: c.url.includes('?status=') ? { items: [booked] } : booked,
      header: {},
    }));
    expect(await listBookings('active')).toEqual([booked]);
    await cancelBooking('bk_1');
    await rebookBooking('bk_1', 'h:s2', 'mp-rebook-1234');
    expect(calls().map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/bookings?status=active',
      'POST /api/v1/bookings/bk_1/cancel',
      'POST /api/v1/bookings/bk_1/rebook',
    ]);
    expect(calls()[2]).toMatchObject({
      data: { slotId: 'h:s2' },
      header: { 'Idempotency-Key': 'mp-rebook-1234' },
    });
    expect(calls().every((c) => c.header.Authorization === 'Bearer access.1.sig')).toBe(true);
  });
});
