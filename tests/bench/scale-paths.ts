import type { BookingListResponse, DynamicCode, PatientListResponse } from '@jiankang/shared';
import { signClinicRequest } from '../../bff/src/services/health-card/clinic-signature';
import { elapsedMs, json, pct } from './bench-kit';
import { book, type Booker, type MeasuredResident, type Period } from './scale-residents';

/**
 * The resident paths the scale scenario times, each one HTTP request to the running BFF, and the
 * timing loop: sequential requests (so a p50 is one request's own cost, not a queue), warm-up
 * first, stopped early when a path has used its time budget (the unpatched database can take
 * seconds per request at 100k: then one warm-up and one timed request may be all a path gets).
 */

/** One step: untimed preparation, then the timed request (which checks its own answer). */
export interface ResidentPath {
  name: string;
  /** What is asked, for the doc. */
  request: string;
  step(i: number): Promise<() => Promise<void>>;
}

export interface PathContext {
  base: string;
  resident: MeasuredResident;
  bookers: Booker[];
  periods: Period[];
  clinic: { hospitalId: string; key: string };
  dept: string;
}

const expect = (what: string, status: number, wanted: number, text: string) => {
  if (status !== wanted) throw new Error(`${what}: ${status} ${text.slice(0, 300)}`);
};

export function residentPaths(c: PathContext): ResidentPath[] {
  const { base, resident } = c;
  const get = (what: string, url: string, check?: (body: unknown) => void) => async () => {
    const res = await json<unknown>(url, { headers: resident.auth });
    expect(what, res.status, 200, res.text);
    check?.(res.body);
  };
  return [
    {
      name: '我的预约',
      request: 'GET /api/v1/bookings',
      step: async () =>
        get('bookings', `${base}/bookings`, (b) => {
          const n = (b as BookingListResponse).items.length;
          if (n !== resident.bookings) throw new Error(`bookings: ${n} listed, ${resident.bookings} made`);
        }),
    },
    {
      name: '就诊人 list',
      request: 'GET /api/v1/patients',
      step: async () =>
        get('patients', `${base}/patients`, (b) => {
          const n = (b as PatientListResponse).items.length;
          if (n !== resident.patientIds.length) throw new Error(`patients: ${n} listed`);
        }),
    },
    {
      name: 'booking',
      request: 'POST /api/v1/bookings (new, 201 confirmed)',
      step: async (i) => {
        const who = c.bookers[i];
        const period = c.periods[i];
        if (!who || !period) throw new Error(`no booker or period left for booking ${i}`);
        return async () => {
          await book(base, who, period);
        };
      },
    },
    {
      name: 'card code',
      request: 'GET /api/v1/patients/:id/health-card/code',
      step: async () => get('card code', `${base}/patients/${resident.selfId}/health-card/code`),
    },
    {
      name: 'clinic verify',
      request: 'POST /api/v1/clinic/verify (a fresh code each)',
      step: async (i) => {
        // The code is the resident's (fetched untimed); the verification is the clinic's request.
        const code = await json<DynamicCode>(`${base}/patients/${resident.selfId}/health-card/code`, {
          headers: resident.auth,
        });
        expect('code for verify', code.status, 200, code.text);
        const terminalId = `scale-${i % 4}`;
        const body = JSON.stringify({ code: code.body.code, terminalId, scene: 'registration' });
        const headers = signClinicRequest(c.clinic.key, {
          method: 'POST',
          path: '/api/v1/clinic/verify',
          query: '',
          hospitalId: c.clinic.hospitalId,
          terminalId,
          body,
        });
        return async () => {
          const res = await json(`${base}/clinic/verify`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body,
          });
          expect('verify', res.status, 200, res.text);
        };
      },
    },
    {
      name: 'report list',
      request: 'GET /api/v1/patients/:id/reports (warm)',
      step: async () => get('reports', `${base}/patients/${resident.selfId}/reports`),
    },
    {
      name: 'hospital list',
      request: 'GET /api/v1/hospitals?pageSize=20',
      step: async () => get('hospitals', `${base}/hospitals?pageSize=20`),
    },
    {
      name: 'earliest search',
      request: `GET /api/v1/search/earliest?dept=${c.dept}&limit=10`,
      step: async () => get('earliest', `${base}/search/earliest?dept=${c.dept}&limit=10`),
    },
  ];
}

export interface PathTiming {
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** Stopped by the time budget before `requests`. */
  capped: boolean;
}

/** Steps are numbered on from `first` (bookings use a booker and a period each). */
export async function timePath(
  path: ResidentPath,
  opts: { warmup: number; requests: number; budgetMs: number; first: number },
): Promise<{ timing: PathTiming; used: number }> {
  let i = opts.first;
  const t0 = process.hrtime.bigint();
  for (let w = 0; w < opts.warmup && elapsedMs(t0) < opts.budgetMs / 4; w += 1) {
    await (
      await path.step(i)
    )();
    i += 1;
  }
  const durations: number[] = [];
  const started = process.hrtime.bigint();
  while (durations.length < opts.requests && (durations.length < 1 || elapsedMs(started) < opts.budgetMs)) {
    const timed = await path.step(i);
    i += 1;
    const r0 = process.hrtime.bigint();
    await timed();
    durations.push(elapsedMs(r0));
  }
  return {
    timing: {
      n: durations.length,
      p50: pct(durations, 50),
      p99: pct(durations, 99),
      max: Math.max(...durations),
      capped: durations.length < opts.requests,
    },
    used: i - opts.first,
  };
}
