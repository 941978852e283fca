import type { Connection } from 'mongoose';
import { accountModels } from '../../bff/src/models/accounts';
import { bookingModels } from '../../bff/src/models/bookings';
import { healthCardModels } from '../../bff/src/models/health-cards';
import { patientModels } from '../../bff/src/models/patients';
import { reportModels } from '../../bff/src/models/reports';
import { scanLogModels } from '../../bff/src/models/scan-log';
import { accessTrail, scanChain } from './city-logs';
import { resident, type ResidentKit } from './city-people';

/**
 * Seeds the other residents of a synthetic city straight into the database, by raw driver
 * insertMany in batches (the services' own paths would take hours at this size): `people`
 * accounts, patients, cards and past bookings, and `logs` scan-log and access-log entries spread
 * over them. Built a chunk at a time, the next chunk while the last one is being written.
 */

const CHUNK_PEOPLE = 2_000;
const BATCH_DOCS = 5_000;
const WRITE_LANES = 2;

export interface SeedOptions {
  kit: ResidentKit;
  people: number;
  logs: number;
  hospitalIds: readonly string[];
  reportsConsentVersion: string;
  /** Progress, once per chunk. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedFigures {
  ms: number;
  /** Documents inserted per collection. */
  inserted: Record<string, number>;
  /** Resident 1's patient, for reading the seed back. */
  samplePatientId: string;
}

type Raw = Record<string, unknown>;

/** The entries resident `n` (1-based) gets, so `total` is spread evenly over `people`. */
const share = (n: number, total: number, people: number) =>
  Math.floor((n * total) / people) - Math.floor(((n - 1) * total) / people);

export async function seedCity(conn: Connection, opts: SeedOptions): Promise<SeedFigures> {
  const { Account, Consent } = accountModels(conn);
  const { Patient, PatientClaim } = patientModels(conn);
  const { Booking, NoShow } = bookingModels(conn);
  const cards = healthCardModels(conn);
  const scans = scanLogModels(conn);
  const reports = reportModels(conn);
  const targets = {
    accounts: Account.collection,
    consents: Consent.collection,
    patients: Patient.collection,
    patient_claims: PatientClaim.collection,
    bookings: Booking.collection,
    no_shows: NoShow.collection,
    health_cards: cards.Card.collection,
    health_card_claims: cards.Claim.collection,
    scan_log: scans.Entry.collection,
    scan_heads: scans.Head.collection,
    report_access_log: reports.Access.collection,
    records_consent: reports.Consent.collection,
  };
  type Name = keyof typeof targets;
  let samplePatientId = '';
  const inserted = Object.fromEntries(Object.keys(targets).map((k) => [k, 0])) as Record<Name, number>;

  const build = (from: number, to: number): Record<Name, Raw[]> => {
    const docs = Object.fromEntries(Object.keys(targets).map((k) => [k, []])) as unknown as Record<
      Name,
      Raw[]
    >;
    const add = (name: Name, ...xs: object[]) => docs[name].push(...(xs as Raw[]));
    for (let n = from; n <= to; n += 1) {
      const r = resident(opts.kit, n);
      if (n === 1) samplePatientId = r.patient._id;
      add('accounts', r.account);
      add('consents', r.consent);
      add('patients', r.patient);
      add('patient_claims', ...r.patientClaims);
      add('bookings', r.booking);
      if (r.noShow) add('no_shows', r.noShow);
      add('health_cards', r.card);
      add('health_card_claims', ...r.cardClaims);
      const chain = scanChain(r, share(n, opts.logs, opts.people), opts.hospitalIds, opts.kit.now);
      add('scan_log', ...chain.entries);
      if (chain.head) add('scan_heads', chain.head);
      const trail = accessTrail(
        r,
        share(n, opts.logs, opts.people),
        opts.reportsConsentVersion,
        opts.hospitalIds,
        opts.kit.now,
      );
      add('report_access_log', ...trail.entries);
      if (trail.consent) add('records_consent', trail.consent);
    }
    return docs;
  };

  // Two collections written at once: FerretDB encodes one batch while SQLite writes the other.
  const write = async (docs: Record<Name, Raw[]>) => {
    const jobs = (Object.keys(targets) as Name[]).flatMap((name) =>
      Array.from({ length: Math.ceil(docs[name].length / BATCH_DOCS) }, (_, b) => ({ name, b })),
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: WRITE_LANES }, async () => {
        while (next < jobs.length) {
          const { name, b } = jobs[next] as { name: Name; b: number };
          next += 1;
          const batch = docs[name].slice(b * BATCH_DOCS, (b + 1) * BATCH_DOCS);
          await targets[name].insertMany(batch, { ordered: false });
          inserted[name] += batch.length;
        }
      }),
    );
  };

  const t0 = Date.now();
  let writing: Promise<void> = Promise.resolve();
  for (let from = 1; from <= opts.people; from += CHUNK_PEOPLE) {
    const to = Math.min(opts.people, from + CHUNK_PEOPLE - 1);
    const docs = build(from, to);
    await writing;
    opts.onProgress?.(from - 1, opts.people);
    writing = write(docs);
  }
  await writing;
  opts.onProgress?.(opts.people, opts.people);
  return { ms: Date.now() - t0, inserted, samplePatientId };
}
