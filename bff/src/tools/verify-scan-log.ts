import { ConfigError, loadConfig } from '../config';
import { connectDatabase } from '../models/connection';
import { scanLogModels } from '../models/scan-log';
import { checkScanLog } from '../services/health-card/scan-log-check';

/**
 * `npm run scanlog:verify`: walks every hash chain of the clinic scan log in the database of
 * MONGODB_URI / MONGODB_DB. Exits 0 when every chain holds; 1 naming the first broken entry;
 * 2 when it could not check at all.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.mongodb.uri) {
    process.stderr.write('config error: mongodb.uri (MONGODB_URI): not set\n');
    return 2;
  }
  const conn = await connectDatabase(config.mongodb.uri, config.mongodb.dbName);
  try {
    const report = await checkScanLog(scanLogModels(conn));
    if (report.broken) {
      process.stdout.write(`scan log BROKEN at ${report.broken.id}: ${report.broken.reason}\n`);
      return 1;
    }
    process.stdout.write(`scan log intact: ${report.chains} chains, ${report.entries} entries\n`);
    return 0;
  } finally {
    await conn.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    process.stderr.write(`${err instanceof ConfigError ? '' : 'scanlog:verify failed: '}${err.message}\n`);
    process.exit(2);
  });
