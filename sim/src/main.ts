import { startRegionalPlatform } from './index';

/** `npm start -w sim`: the regional platform on a fixed port, for running the BFF by hand. */
async function main() {
  const raw = process.env.REGIONAL_SIM_PORT ?? '4100';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`REGIONAL_SIM_PORT must be a port number, got "${raw}"`);
  }
  const platform = await startRegionalPlatform({ port, seed: process.env.REGIONAL_SIM_SEED || undefined });
  console.log(`regional platform simulator listening on ${platform.url}`);

  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping regional platform simulator`);
    platform.close().then(
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
