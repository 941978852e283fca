import Taro from '@tarojs/taro';
import { getSchedule, getSlot, searchEarliest } from './slots';

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn() } }));

const fakeRequest = Taro.request as unknown as jest.Mock;
const lastCall = () => fakeRequest.mock.calls.at(-1)[0] as { url: string; timeout: number };

beforeEach(() => {
  fakeRequest.mockReset();
  fakeRequest.mockResolvedValue({ statusCode: 200, data: {}, header: {} });
});

describe('slot API', () => {
  it('when a schedule is asked, then ids are path-encoded and from/days only sent when given', async () => {
    await getSchedule('hzszxrmyy', 'a/b');
    expect(lastCall().url).toBe('/api/v1/hospitals/hzszxrmyy/departments/a%2Fb/schedule');
    await getSchedule('h', 'd', { from: '2026-11-24', days: 7 });
    expect(lastCall().url).toBe('/api/v1/hospitals/h/departments/d/schedule?from=2026-11-24&days=7');
  });

  it('when a slot is asked, then its id is path-encoded', async () => {
    await getSlot('hzszxrmyy:D01-20261124-0800');
    expect(lastCall().url).toBe('/api/v1/slots/hzszxrmyy%3AD01-20261124-0800');
  });

  it('when the earliest search is live, then live=true is sent with a longer timeout; otherwise no live flag', async () => {
    await searchEarliest({ dept: '03.04', district: 'boluo', limit: 20 });
    expect(lastCall().url).toBe('/api/v1/search/earliest?dept=03.04&district=boluo&limit=20');
    const normal = lastCall().timeout;
    await searchEarliest({ dept: '03.04', live: true });
    expect(lastCall().url).toBe('/api/v1/search/earliest?dept=03.04&live=true');
    expect(lastCall().timeout).toBeGreaterThan(normal);
  });
});
