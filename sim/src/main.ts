import { resolve } from 'node:path';
import {
  readHospitalRegistry,
  startHospitalFeeds,
  startRegionalPlatform,
  type HospitalFeedHandle,
} from './index';

/** config/hospitals.json, or the file HOSPITALS_FILE names (the same rule as the BFF). */
const REGISTRY_FILE = process.env.HOSPITALS_FILE || resolve(__dirname, '../../config/hospitals.json');

/** `npm start -w sim`: the regional platform on a fixed port, for running the BFF by hand. */
async function main() {
  const raw = process.env.REGIONAL_SIM_PORT ?? '4100';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`REGIONAL_SIM_PORT must be a port number, got "${raw}"`);
  }
  const platform = await startRegionalPlatform({ port, seed: process.env.REGIONAL_SIM_SEED || undefined });
  console.log(`regional platform simulator listening on ${platform.url}`);

  let feeds: HospitalFeedHandle[] = [];
  try {
    const wanted = await readHospitalRegistry(REGISTRY_FILE, process.env.REGIONAL_SIM_SEED || undefined);
    feeds = await startHospitalFeeds(wanted);
  } catch (err) {
    await platform.close();
    throw err;
  }
  for (const feed of feeds)
    console.log(`hospital feed ${feed.hospitalId} (${feed.kind}) listening on ${feed.url}`);

  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping regional platform simulator`);
    Promise.all([platform.close(), ...feeds.map((f) => f.close())]).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
