import mongoose, { Types, type Connection } from 'mongoose';
import { accountModels } from '../../bff/src/models/accounts';
import { bookingModels } from '../../bff/src/models/bookings';
import { directoryModels } from '../../bff/src/models/directory';
import { healthCardModels } from '../../bff/src/models/health-cards';
import { leaseModels } from '../../bff/src/models/leases';
import { patientModels } from '../../bff/src/models/patients';
import { pushLogModels } from '../../bff/src/models/push-log';
import { pushModels } from '../../bff/src/models/push';
import { QUERY_INVENTORY } from '../../bff/src/models/query-inventory';
import { reportModels } from '../../bff/src/models/reports';
import { scanLogModels } from '../../bff/src/models/scan-log';
import { slotModels } from '../../bff/src/models/slots';
import { dropDatabase, testMongoUri, uniqueDbName } from '../support/db';

/**
 * Every query shape the services run (recorded by tests/support/query-shapes-setup.ts in every
 * integration file) is listed in the query inventory with the index that serves it. Here each
 * listed shape is explained by the database the tests run on: the plan must use that index and
 * scan no table. A new query without an index fails here or in the file that runs it.
 */
const dbName = uniqueDbName('jk_inventory');
let conn: Connection;
let ferret: boolean;

/** A sample value of the kind a shape names (s string, o ObjectId, d date, n number …). */
function sample(kind: string): unknown {
  if (kind.startsWith('[')) return kind.slice(1, -1).split('|').filter(Boolean).map(sample);
  switch (kind) {
    case 's':
      return `v${Math.random().toString(36).slice(2, 8)}`;
    case 'o':
      return new Types.ObjectId();
    case 'd':
      return new Date();
    case 'n':
      return 1;
    case 'b':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** Splits on `sep` outside parentheses. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** The filter a signature such as `{accountId=s status$in:s}` describes, with sample values. */
export function filterFrom(signature: string): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const part of splitTop(signature.slice(1, -1), ' ')) {
    const logical = /^(\$or|\$and|\$nor)\((.*)\)$/.exec(part);
    if (logical) {
      filter[logical[1]!] = splitTop(logical[2]!, '|').map(filterFrom);
      continue;
    }
    const eq = /^([^=$]+)=(.+)$/.exec(part);
    if (eq) {
      filter[eq[1]!] = sample(eq[2]!);
      continue;
    }
    const ops = /^([^$]+)(\$.+)$/.exec(part);
    if (!ops) throw new Error(`cannot read ${part}`);
    const cond: Record<string, unknown> = {};
    for (const op of ops[2]!.split(',')) {
      const [name, kind] = op.split(':') as [string, string];
      cond[name] = name === '$in' || name === '$nin' ? sample(`[${kind}]`) : sample(kind);
    }
    filter[ops[1]!] = cond;
  }
  return filter;
}

function parseShape(shape: string) {
  const m = /^(\S+) (\S+) (\{.*?\})(?: sort \{(.*)\})?$/.exec(shape);
  if (!m) throw new Error(`not a shape: ${shape}`);
  const sort = Object.fromEntries(
    (m[4] ?? '')
      .split(' ')
      .filter(Boolean)
      .map((p) => {
        const [k, d] = p.split(':') as [string, string];
        return [k, Number(d)];
      }),
  );
  return { collection: m[1]!, op: m[2]!, filter: filterFrom(m[3]!), sort };
}

/** The database's own plan for the shape, as lines; the same filter as a find for writes. */
async function plan(shape: string): Promise<string[]> {
  const { collection, filter, sort } = parseShape(shape);
  const explained = (await conn.db!.command({
    explain: { find: collection, filter, ...(Object.keys(sort).length && { sort }) },
    verbosity: 'queryPlanner',
  })) as { queryPlanner?: { Plan?: string[]; winningPlan?: unknown } };
  const planner = explained.queryPlanner ?? {};
  if (ferret) return planner.Plan ?? [];
  // MongoDB: the winning plan's stages, outermost first.
  const stages: string[] = [];
  let node = planner.winningPlan as { stage?: string; indexName?: string; inputStage?: unknown } | undefined;
  while (node) {
    stages.push(`${node.stage}${node.indexName ? ` USING INDEX ${node.indexName}` : ''}`);
    node = node.inputStage as typeof node;
  }
  return stages;
}

beforeAll(async () => {
  conn = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  for (const models of [
    accountModels,
    bookingModels,
    directoryModels,
    healthCardModels,
    leaseModels,
    patientModels,
    pushLogModels,
    pushModels,
    reportModels,
    scanLogModels,
    slotModels,
  ])
    models(conn);
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  // FerretDB explains an empty table too, but a collection must exist to have a plan at all.
  await Promise.all(Object.values(conn.models).map((m) => m.createCollection().catch(() => undefined)));
  const info = (await conn.db!.command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  ferret = Boolean(info.ferretdbVersion);
});

afterAll(async () => {
  await conn?.close();
  await dropDatabase(dbName);
});

describe('query inventory', () => {
  it('lists each shape once, every one with an index or a reason it may scan', () => {
    const shapes = QUERY_INVENTORY.map((q) => q.shape);
    expect(new Set(shapes).size).toBe(shapes.length);
    for (const q of QUERY_INVENTORY) {
      expect(() => parseShape(q.shape)).not.toThrow();
      if (q.index === null)
        expect({ shape: q.shape, why: q.why ?? '' }).toEqual({
          shape: q.shape,
          why: expect.stringMatching(/.{20}/),
        });
    }
  });

  it.each(QUERY_INVENTORY.filter((q) => q.index !== null).map((q) => [q.shape, q.index!]))(
    '%s is served by %s',
    async (shape, index) => {
      const lines = await plan(shape);
      const text = lines.join('\n');
      expect(text).not.toMatch(/\bSCAN\b|COLLSCAN/);
      expect(text).toMatch(
        new RegExp(`USING (COVERING )?INDEX \\S*${index.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
      );
    },
  );
});
