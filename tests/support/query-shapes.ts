import type { Schema } from 'mongoose';

/**
 * The shape of a query: collection, operation, the filter's fields with the kind of condition on
 * each (`=s` a string equality, `$in:s`, `$lt:d` …) and the sort. Two queries with the same shape
 * use the same index, whatever their values.
 */
export type QueryShape = string;

function kind(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 's';
  if (typeof v === 'number') return 'n';
  if (typeof v === 'boolean') return 'b';
  if (v instanceof Date) return 'd';
  if (Array.isArray(v)) return `[${[...new Set(v.map(kind))].sort().join('|')}]`;
  if (typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'ObjectId') return 'o';
  return 'doc';
}

function isOperatorDoc(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

export function filterSignature(filter: Record<string, unknown> = {}): string {
  const parts = Object.keys(filter)
    .sort()
    .map((key) => {
      const v = filter[key];
      // `outbox.2.kind` and `outbox.0.kind` are one shape: an array position is written N.
      const field = key.replace(/\.\d+(?=\.|$)/g, '.N');
      if (field === '$or' || field === '$and' || field === '$nor') {
        const branches = (v as Record<string, unknown>[]).map(filterSignature);
        return `${field}(${[...new Set(branches)].sort().join('|')})`;
      }
      if (isOperatorDoc(v)) {
        const ops = Object.keys(v)
          .sort()
          .map(
            (op) => `${op}:${op === '$in' || op === '$nin' ? kind(v[op]).slice(1, -1) || 's' : kind(v[op])}`,
          );
        return `${field}${ops.join(',')}`;
      }
      return `${field}=${kind(v)}`;
    });
  return `{${parts.join(' ')}}`;
}

export function sortSignature(sort: unknown): string {
  if (!sort || typeof sort !== 'object') return '';
  const entries = Object.entries(sort as Record<string, unknown>);
  return entries.length ? ` sort {${entries.map(([k, d]) => `${k}:${d}`).join(' ')}}` : '';
}

export function shapeOf(collection: string, op: string, filter: object, sort?: unknown): QueryShape {
  return `${collection} ${op} ${filterSignature(filter as Record<string, unknown>)}${sortSignature(sort)}`;
}

/** Every query operation a model can run (inserts are not queries: they need no index). */
const QUERY_OPS =
  /^(find|findOne|countDocuments|updateOne|updateMany|deleteOne|deleteMany|findOneAndUpdate|findOneAndDelete|replaceOne|distinct)$/;

interface QueryThis {
  op?: string;
  model: { collection: { collectionName: string } };
  getFilter(): object;
  getOptions(): { sort?: unknown };
}

/**
 * A mongoose plugin that reports every query a model runs, as its shape. Only model queries are
 * seen: what tests read through `conn.collection(...)` to check results is not the services'.
 * (The services use no aggregate or bulkWrite; a new one would need its own hook here.)
 */
export function recordQueryShapes(record: (shape: QueryShape) => void) {
  return (schema: Schema) => {
    schema.pre(QUERY_OPS, function (this: QueryThis) {
      record(
        shapeOf(
          this.model.collection.collectionName,
          this.op ?? '?',
          this.getFilter(),
          this.getOptions().sort,
        ),
      );
    });
  };
}
