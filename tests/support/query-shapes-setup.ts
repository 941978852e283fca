import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { QUERY_INVENTORY } from '../../bff/src/models/query-inventory';
import { recordQueryShapes, type QueryShape } from './query-shapes';

/**
 * Integration files record every query shape the services run. A shape missing from the query
 * inventory fails the file: each query must be listed with the index that serves it (the
 * query-inventory test proves the index is used). The shapes are also written to
 * tests/artifacts/query-shapes/ for review.
 */
const seen = new Set<QueryShape>();
mongoose.plugin(recordQueryShapes((shape) => seen.add(shape)));

afterAll(() => {
  const file = path.basename(expect.getState().testPath ?? 'unknown', '.test.ts');
  const dir = path.resolve(__dirname, '../artifacts/query-shapes');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${file}.json`), `${JSON.stringify([...seen].sort(), null, 2)}\n`);
  const known = new Set(QUERY_INVENTORY.map((q) => q.shape));
  const unknown = [...seen].filter((s) => !known.has(s)).sort();
  if (unknown.length && process.env.QUERY_SHAPES_RECORD_ONLY !== '1') {
    throw new Error(
      `queries not in bff/src/models/query-inventory.ts (list each with the index that serves it):\n  ${unknown.join('\n  ')}`,
    );
  }
});
