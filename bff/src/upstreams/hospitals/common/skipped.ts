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

/** "path: message" of a zod failure's first issue. */
export function zodReason(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
