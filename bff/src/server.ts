import { ConfigError, loadConfig } from './config';
import { createLogger } from './lib/logger';
import { startRuntime } from './runtime';

/** Process entry: config -> runtime -> listen; SIGTERM/SIGINT drain and exit. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (!config.mongodb.uri) {
    process.stderr.write(
      'config error: mongodb.uri (MONGODB_URI): not set; `npm start` starts an embedded database\n',
    );
    process.exit(1);
  }
  const logger = createLogger(config.log.level);
  const runtime = await startRuntime(config, logger);
  const url = await runtime.listen();
  logger.info({ url }, 'BFF listening');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    runtime
      .close()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err: Error) => {
        logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`fatal: ${err.message}\n`);
  process.exit(1);
});
