import { parseArgs } from 'node:util';
import { FeedKindSchema, isCalendarDate } from '@jiankang/shared';
import { checkFeed, feedUrlProblem } from '../services/feed-check/check-feed';
import { formatReport } from '../services/feed-check/format-report';

const USAGE = `usage: npm run feed:check -- --kind smart-scheduling-links|fhir|his-xml --url URL
       [--json] [--encoding utf-8|gbk] [--booking-mode here|external] [--timeout-ms N] [--now ISO-INSTANT]
  --url is the feed's base URL as its registry entry would name it (SMART: the origin or the
  $bulk-publish URL; FHIR: the server base; HIS: the web-service URL). --booking-mode is the
  registry entry's bookingMode (default here), which decides 在线预约 or 去医院预约.
exit 0: every record read; 1: partial (some records or files unreadable); 2: unreadable or bad arguments
`;

/** `npm run feed:check`: fetches a hospital feed once and prints its conformance report. */
async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        kind: { type: 'string' },
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
        encoding: { type: 'string' },
        'booking-mode': { type: 'string' },
        'timeout-ms': { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const kind = FeedKindSchema.safeParse(values.kind);
  const url = typeof values.url === 'string' ? values.url : '';
  const urlProblem = url ? feedUrlProblem(url) : 'missing';
  const now = typeof values.now === 'string' ? new Date(values.now) : new Date();
  const timeout = typeof values['timeout-ms'] === 'string' ? Number(values['timeout-ms']) : undefined;
  const encoding = values.encoding;
  const bookingMode = values['booking-mode'] ?? 'here';
  const bad = !kind.success
    ? '--kind: expected smart-scheduling-links, fhir or his-xml'
    : urlProblem
      ? `--url: ${urlProblem}`
      : Number.isNaN(now.getTime()) || isCalendarDate(String(values.now ?? ''))
        ? '--now: expected an instant with offset, e.g. 2027-03-01T12:00:00+08:00'
        : timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 50 && timeout <= 60_000)
          ? '--timeout-ms: expected 50…60000'
          : encoding !== undefined && encoding !== 'utf-8' && encoding !== 'gbk'
            ? '--encoding: expected utf-8 or gbk'
            : bookingMode !== 'here' && bookingMode !== 'external'
              ? '--booking-mode: expected here or external'
              : null;
  if (bad || !kind.success) {
    process.stderr.write(`${bad}\n${USAGE}`);
    return 2;
  }
  const report = await checkFeed({
    kind: kind.data,
    url,
    now,
    ...(timeout !== undefined && { timeoutMs: timeout }),
    ...((encoding === 'utf-8' || encoding === 'gbk') && { encoding }),
    bookingMode: bookingMode === 'external' ? 'external' : 'here',
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.verdict === 'ok' ? 0 : report.verdict === 'partial' ? 1 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`feed check failed: ${err.message}\n`);
    process.exitCode = 2;
  },
);
