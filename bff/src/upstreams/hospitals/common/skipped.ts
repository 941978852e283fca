import type { SkippedRecords } from '@jiankang/shared';

const MAX_SAMPLES = 5;

/** Counts records that did not parse or map, keeping a few reasons for the feed-health page. */
export class SkipCounter {
  private count = 0;
  private readonly samples: string[] = [];

  add(reason: string): void {
    this.count += 1;
    if (this.samples.length < MAX_SAMPLES) this.samples.push(reason.slice(0, 200));
  }

  result(): SkippedRecords {
    return { count: this.count, samples: [...this.samples] };
  }
}

/** `Type/id` of a record that failed to parse, for its skip reason (`Type` when it has no id). */
export function sampleName(type: string, raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `${type}/${id.slice(0, 64)}` : type;
}

/** "path: message" of a zod failure's first issue. */
export function zodReason(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/**
 * ok: the record; not ok: unreadable, counted with its reason — or, with `past`, readable but
 * already over (dropped at import and counted apart, since it says nothing bad about the feed).
 */
export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string; past?: true };

/** Maps every raw record, counting the unreadable in `skipped` and returning how many were past. */
export function mapAll<T>(
  raws: Iterable<unknown>,
  map: (raw: unknown) => Mapped<T>,
  skipped: SkipCounter,
): { values: T[]; past: number } {
  const values: T[] = [];
  let past = 0;
  for (const raw of raws) {
    const mapped = map(raw);
    if (mapped.ok) values.push(mapped.value);
    else if (mapped.past) past += 1;
    else skipped.add(mapped.reason);
  }
  return { values, past };
}
