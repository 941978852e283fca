import { randomBytes } from 'node:crypto';
import { startHospitalFeed, type FeedKind, type FeedSlot, type HospitalFeedHandle } from '@jiankang/sim';
import { residentIdCheckChar, type PatientResponse } from '@jiankang/shared';
import { connectDatabase } from '../../bff/src/models/connection';
import { elapsedMs, json, pct, pool, signIn, startBenchStack, type Cleanups } from './bench-kit';

/**
 * The booking part of `npm run bench`: confirmed bookings per second through HTTP (the whole
 * path: idempotency key, patient, claims by unique insert, the hospital's own booking call to a
 * simulator, settle) against raw driver `insertOne`s of unique `_id`s into a scratch collection of
 * the same database at the same concurrency, in alternating rounds. Accounts and patients are
 * made beforehand and not timed; each booking takes a different free period.
 */

const HOSPITALS: { id: string; kind: FeedKind }[] = [
  { id: 'hzszxrmyy', kind: 'fhir' },
  { id: 'hzszyyy', kind: 'smart-scheduling-links' },
];

export interface BookingFigures {
  /** Bookings per round (each a different period, each confirmed: 201). */
  perRound: number;
  concurrency: number;
  rounds: number;
  bookingsPerSec: number[];
  insertsPerSec: number[];
  /** Median latency of one booking, ms, over all rounds. */
  bookingP50Ms: number;
  bookingP99Ms: number;
  hospitals: string[];
}

let idSeq = 0;
/** A valid, distinct resident ID number per call (synthetic people only). */
function residentId(): string {
  idSeq += 1;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const born = `${1950 + (idSeq % 50)}${pad(1 + (Math.floor(idSeq / 50) % 12))}${pad(1 + (Math.floor(idSeq / 600) % 28))}`;
  const first17 = `441302${born}${pad(idSeq % 1000, 3)}`;
  return first17 + residentIdCheckChar(first17);
}

export async function measureBookings(opts: {
  mongoUri: string;
  perRound: number;
  rounds: number;
  concurrency: number;
}): Promise<BookingFigures> {
  const cleanups: Cleanups = [];
  try {
    const feeds: HospitalFeedHandle[] = [];
    for (const h of HOSPITALS)
      feeds.push(await startHospitalFeed({ hospitalId: h.id, kind: h.kind, profile: 'enriched', port: 0 }));
    cleanups.push(() => Promise.all(feeds.map((f) => f.close())));
    const stack = await startBenchStack(
      'bookings',
      opts.mongoUri,
      () => ({
        hospitalRegistry: {
          hospitals: HOSPITALS.map((h, i) => ({ id: h.id, adapter: h.kind, baseUrl: feeds[i]!.url })),
        },
        booking: {
          perAccountPerMinute: 1_000_000,
          perIpPerMinute: 1_000_000,
          reconcileIntervalMs: 3_600_000,
        },
      }),
      cleanups,
    );
    const { base, runtime, config } = stack;
    for (const r of await runtime.slotSync.runAll({ full: true }))
      if (!r.ok) throw new Error(`slot sync of ${r.hospitalId} failed`);

    // Distinct free periods, each on its own (date, department) per patient: one patient per booking.
    const later = Date.now() + 3 * 60 * 60_000;
    const periods: Array<{ slotId: string; slot: FeedSlot }> = feeds.flatMap((f) =>
      f
        .listSlots()
        .filter((s) => s.status === 'free' && s.released && s.remaining > 0 && Date.parse(s.start) > later)
        .map((slot) => ({ slotId: `${f.hospitalId}:${slot.sourceSlotId}`, slot })),
    );
    const needed = opts.perRound * opts.rounds;
    if (periods.length < needed)
      throw new Error(`only ${periods.length} free periods for ${needed} bookings`);
    // Spread over hospitals and days rather than filling one session first.
    periods.sort((a, b) => (a.slot.sourceSlotId < b.slot.sourceSlotId ? -1 : 1));

    process.stdout.write(`bookings: preparing ${needed} accounts and patients…\n`);
    const people: Array<{ auth: Record<string, string>; patientId: string }> = [];
    await pool(
      Array.from({ length: needed }, (_, i) => i),
      8,
      async () => {
        const auth = await signIn(stack);
        const patient = await json<PatientResponse>(`${base}/patients`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            name: '陈大文',
            idType: 'resident_id',
            idNumber: residentId(),
            phone: `136${String(10_000_000 + idSeq).slice(-8)}`,
            relation: 'self',
          }),
        });
        if (patient.status !== 201) throw new Error(`patient: ${patient.status} ${patient.text}`);
        people.push({ auth, patientId: patient.body.patient.id });
      },
    );

    const conn = await connectDatabase(opts.mongoUri, config.mongodb.dbName);
    cleanups.push(() => conn.close());
    const scratch = conn.collection('bench_scratch');
    const out: BookingFigures = {
      perRound: opts.perRound,
      concurrency: opts.concurrency,
      rounds: opts.rounds,
      bookingsPerSec: [],
      insertsPerSec: [],
      bookingP50Ms: 0,
      bookingP99Ms: 0,
      hospitals: HOSPITALS.map((h) => h.id),
    };
    const latencies: number[] = [];
    for (let round = 0; round < opts.rounds; round += 1) {
      const jobs = Array.from({ length: opts.perRound }, (_, i) => ({
        person: people[round * opts.perRound + i]!,
        period: periods[round * opts.perRound + i]!,
      }));
      let t0 = process.hrtime.bigint();
      const durations = await pool(jobs, opts.concurrency, async ({ person, period }) => {
        const res = await json(`${base}/bookings`, {
          method: 'POST',
          headers: {
            ...person.auth,
            'Idempotency-Key': `bench-${randomBytes(8).toString('hex')}`,
          },
          body: JSON.stringify({ slotId: period.slotId, patientId: person.patientId }),
        });
        if (res.status !== 201) throw new Error(`booking ${period.slotId}: ${res.status} ${res.text}`);
      });
      out.bookingsPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
      latencies.push(...durations);

      const ids = Array.from({ length: opts.perRound }, () => `raw#${randomBytes(12).toString('base64url')}`);
      t0 = process.hrtime.bigint();
      await pool(ids, opts.concurrency, async (_id) => {
        await scratch.insertOne({ _id: _id as never, bookingId: _id, createdAt: new Date() });
      });
      out.insertsPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
      process.stdout.write(
        `bookings round ${round + 1}: ${Math.round(out.bookingsPerSec.at(-1)!)} bookings/s, ` +
          `${Math.round(out.insertsPerSec.at(-1)!)} raw inserts/s\n`,
      );
    }
    out.bookingP50Ms = pct(latencies, 50);
    out.bookingP99Ms = pct(latencies, 99);
    return out;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
