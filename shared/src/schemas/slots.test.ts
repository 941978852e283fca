import { EarliestQuery, ScheduleQuery } from './slots';

const fieldOf = (schema: typeof ScheduleQuery | typeof EarliestQuery, input: object) => {
  const r = schema.safeParse(input);
  if (r.success) return 'ok';
  const issue = r.error.issues[0];
  return issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
};

describe('slot queries', () => {
  it('defaults to 7 days from today', () => {
    expect(ScheduleQuery.parse({})).toEqual({ days: 7 });
  });

  it.each([
    [{ from: '2026-02-30' }, 'from'],
    [{ from: '26-11-23' }, 'from'],
    [{ days: '15' }, 'days'],
    [{ days: '0' }, 'days'],
    [{ 'from[$gt]': '' }, 'from[$gt]'],
  ])('schedule %p -> %s named', (input, field) => {
    expect(fieldOf(ScheduleQuery, input)).toBe(field);
  });

  it.each([
    [{}, 'dept'],
    [{ dept: '03.04', limit: '51' }, 'limit'],
    [{ dept: 'cardio' }, 'dept'],
    [{ dept: '03.04', live: 'yes' }, 'live'],
    [{ dept: '03.04', 'dept[$gt]': '' }, 'dept[$gt]'],
  ])('earliest %p -> %s named', (input, field) => {
    expect(fieldOf(EarliestQuery, input)).toBe(field);
  });

  it('accepts a well-formed earliest search', () => {
    expect(
      EarliestQuery.parse({ dept: '03.04', district: 'boluo', from: '2026-11-24', live: 'true' }),
    ).toEqual({
      dept: '03.04',
      district: 'boluo',
      from: '2026-11-24',
      limit: 10,
      live: 'true',
    });
  });
});
