import { randomBytes } from 'node:crypto';
import { residentIdCheckChar, type DynamicCode, type PatientResponse } from '@jiankang/shared';
import { signClinicRequest } from '../../bff/src/services/health-card/clinic-signature';
import { encodeCode } from '../../bff/src/services/health-card/code-codec';
import { CodeKeyRing } from '../../bff/src/services/health-card/key-ring';
import {
  elapsedMs,
  json,
  pct,
  pool,
  signIn,
  startBareKoa,
  startBenchStack,
  type Cleanups,
} from './bench-kit';

/**
 * The e-health card part of `npm run bench`: clinic verifications per second through HTTP (the
 * whole path: signature, nonce insert, rate limit, SM2 check with the private key, card and
 * status look-up, consumption by unique insert, scan-log append) against a bare Koa route
 * answering a POST with a body of the same size, driven by the same HTTP clients at the same
 * concurrency in alternating rounds; and dynamic codes generated per second, through HTTP
 * (GET …/health-card/code) and in process (encode + SM2 sign only). Accounts, patients and
 * cards are made beforehand and not timed; each verification scans a different fresh code.
 */

const HOSPITALS = ['hzszxrmyy', 'hzsdyrmyy'] as const;
const CLINIC_KEY = (id: string) => `bench-only-clinic-key-${id}-0000`;
const ACCOUNTS = 4;
const PATIENTS_PER_ACCOUNT = 5;
const TERMINALS_PER_HOSPITAL = 4;

export interface HealthCardFigures {
  cards: number;
  terminals: number;
  perRound: number;
  rounds: number;
  concurrency: number;
  verificationsPerSec: number[];
  bareKoaPerSec: number[];
  codesHttpPerSec: number[];
  /** encodeCode (payload + SM2 signature) in this process, one core, for one second. */
  codesEncodedPerSec: number;
  verifyP50Ms: number;
  verifyP99Ms: number;
}

let idSeq = 0;
function residentId(): string {
  idSeq += 1;
  const first17 = `441302${1950 + (idSeq % 50)}0${1 + (idSeq % 9)}1${idSeq % 10}${String(idSeq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function encodeRate(): number {
  const keys = new CodeKeyRing({ keyId: 1, privateKey: 'dev-only-bench-key' });
  const cardRef = randomBytes(16);
  let n = 0;
  const t0 = process.hrtime.bigint();
  while (elapsedMs(t0) < 1_000) {
    const now = Math.floor(Date.now() / 1000);
    encodeCode(
      { scene: 'general', cardRef, issuedAtSec: now, expiresAtSec: now + 120, nonce: randomBytes(8) },
      keys.signer,
    );
    n += 1;
  }
  return n / (elapsedMs(t0) / 1_000);
}

export async function measureHealthCards(opts: {
  mongoUri: string;
  perRound: number;
  rounds: number;
  concurrency: number;
}): Promise<HealthCardFigures> {
  const cleanups: Cleanups = [];
  try {
    const stack = await startBenchStack(
      'cards',
      opts.mongoUri,
      () => ({
        hospitalRegistry: {
          hospitals: HOSPITALS.map((id) => ({
            id,
            adapter: 'fhir' as const,
            baseUrl: 'http://127.0.0.1:9/fhir',
            clinicKey: CLINIC_KEY(id),
          })),
        },
        healthCard: { codesPerAccountPerMinute: 1_000_000 },
        clinic: { perTerminalPerMinute: 1_000_000 },
      }),
      cleanups,
    );
    const { base } = stack;

    process.stdout.write(`health cards: preparing ${ACCOUNTS * PATIENTS_PER_ACCOUNT} cards…\n`);
    const cards: Array<{ auth: Record<string, string>; patientId: string }> = [];
    for (let a = 0; a < ACCOUNTS; a += 1) {
      const auth = await signIn(stack);
      for (let p = 0; p < PATIENTS_PER_ACCOUNT; p += 1) {
        const patient = await json<PatientResponse>(`${base}/patients`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            name: '陈大文',
            idNumber: residentId(),
            phone: `137${String(10_000_000 + idSeq).slice(-8)}`,
            relation: p === 0 ? 'self' : 'other',
          }),
        });
        if (patient.status !== 201) throw new Error(`patient: ${patient.status} ${patient.text}`);
        const id = patient.body.patient.id;
        const applied = await json(`${base}/patients/${id}/health-card`, { method: 'POST', headers: auth });
        if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${applied.text}`);
        cards.push({ auth, patientId: id });
      }
    }

    // The baseline: bare Koa answering a POST with a JSON document the size of a verification answer.
    const sample = JSON.stringify({ result: 'ok', identity: { name: '陈大文', padding: 'x'.repeat(220) } });
    const bareUrl = await startBareKoa(sample, cleanups);

    const terminals = HOSPITALS.flatMap((h) =>
      Array.from({ length: TERMINALS_PER_HOSPITAL }, (_, i) => ({ hospitalId: h, terminalId: `bench-${i}` })),
    );
    const out: HealthCardFigures = {
      cards: cards.length,
      terminals: terminals.length,
      perRound: opts.perRound,
      rounds: opts.rounds,
      concurrency: opts.concurrency,
      verificationsPerSec: [],
      bareKoaPerSec: [],
      codesHttpPerSec: [],
      codesEncodedPerSec: encodeRate(),
      verifyP50Ms: 0,
      verifyP99Ms: 0,
    };
    const latencies: number[] = [];
    for (let round = 0; round < opts.rounds; round += 1) {
      const codes: string[] = [];
      let t0 = process.hrtime.bigint();
      await pool(
        Array.from({ length: opts.perRound }, (_, i) => cards[i % cards.length]!),
        opts.concurrency,
        async (card) => {
          const res = await json<DynamicCode>(`${base}/patients/${card.patientId}/health-card/code`, {
            headers: card.auth,
          });
          if (res.status !== 200) throw new Error(`code: ${res.status} ${res.text}`);
          codes.push(res.body.code);
        },
      );
      out.codesHttpPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));

      // Signed before the clock starts: signing is the terminal's work, not ours.
      const requests = codes.map((code, i) => {
        const { hospitalId, terminalId } = terminals[i % terminals.length]!;
        const body = JSON.stringify({ code, terminalId, scene: 'registration' });
        const headers = signClinicRequest(CLINIC_KEY(hospitalId), {
          method: 'POST',
          path: '/api/v1/clinic/verify',
          query: '',
          hospitalId,
          terminalId,
          body,
        });
        return { headers: { ...headers, 'content-type': 'application/json' }, body };
      });
      t0 = process.hrtime.bigint();
      const durations = await pool(requests, opts.concurrency, async (req) => {
        const res = await json(`${base}/clinic/verify`, { method: 'POST', ...req });
        if (res.status !== 200) throw new Error(`verify: ${res.status} ${res.text}`);
      });
      out.verificationsPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
      latencies.push(...durations);

      t0 = process.hrtime.bigint();
      await pool(requests, opts.concurrency, async (req) => {
        const res = await fetch(bareUrl, { method: 'POST', ...req });
        await res.text();
        if (res.status !== 200) throw new Error(`bare: ${res.status}`);
      });
      out.bareKoaPerSec.push(opts.perRound / (elapsedMs(t0) / 1_000));
      process.stdout.write(
        `health cards round ${round + 1}: ${Math.round(out.verificationsPerSec.at(-1)!)} verifications/s, ` +
          `${Math.round(out.bareKoaPerSec.at(-1)!)} bare Koa/s, ${Math.round(out.codesHttpPerSec.at(-1)!)} codes/s\n`,
      );
    }
    out.verifyP50Ms = pct(latencies, 50);
    out.verifyP99Ms = pct(latencies, 99);
    return out;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
