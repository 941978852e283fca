import { readFileSync } from 'node:fs';
import {
  emptyTally,
  mergeTallies,
  runRushResident,
  type RushResidentIdentity,
  type RushTarget,
  type RushTimes,
} from '../support/rush-resident';

/**
 * One worker process of the 放号 bench: its share of the residents, each its own loop over
 * fetch (keep-alive connections to the BFF, as a phone keeps its connection), the sum of what
 * they saw as one JSON line on stdout. The job file is written by rush-bench.ts.
 */
export interface RushJob {
  target: RushTarget;
  times: RushTimes;
  residents: RushResidentIdentity[];
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as RushJob;
  const tallies = job.residents.map(() => emptyTally());
  await Promise.all(job.residents.map((who, i) => runRushResident(job.target, who, job.times, tallies[i]!)));
  process.stdout.write(`${JSON.stringify(mergeTallies(tallies))}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`rush worker: ${err.message}\n`);
  process.exit(1);
});
