import type { FeedCheckReport } from '@jiankang/shared';

const VERDICT = { ok: 'OK (完整)', partial: 'PARTIAL (部分)', unreadable: 'UNREADABLE (无法读取)' } as const;

/** The report as plain text for a terminal (`npm run feed:check`). */
export function formatReport(r: FeedCheckReport): string {
  const out: string[] = [];
  out.push(`Feed check: ${r.kind} ${r.url}`, `checked at ${r.checkedAt}`, `verdict: ${VERDICT[r.verdict]}`);
  if (r.error) out.push(`error: ${r.error}`);
  const c = r.counts;
  out.push(
    '',
    'Records',
    `  Location   read ${c.locations}`,
    `  Schedule   used by imported slots ${c.schedules}`,
    `  Slot       imported ${c.slotsImported}, past ${c.slotsPast}`,
    `  unreadable ${c.skipped}${
      Object.keys(c.skippedByType).length > 0
        ? ` (samples by type: ${Object.entries(c.skippedByType)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')})`
        : ''
    }`,
  );
  if (Object.keys(r.statuses).length > 0) {
    out.push(
      `  by status  ${Object.entries(r.statuses)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}`,
    );
  }
  if (r.skippedSamples.length > 0) {
    out.push('', 'Unreadable records (samples)');
    for (const s of r.skippedSamples) out.push(`  - ${s}`);
  }
  if (r.problems.length > 0) {
    out.push('', 'Files that could not be read');
    for (const p of r.problems) out.push(`  - ${p.url}: ${p.reason}`);
  }
  if (r.verdict !== 'unreadable' || r.time.firstDate) {
    out.push('', 'Time');
    if (r.time.firstDate) out.push(`  dates ${r.time.firstDate} … ${r.time.lastDate ?? ''}`);
    for (const n of r.time.notes) out.push(`  - ${n}`);
  }
  if (r.samples.length > 0) {
    out.push('', 'As a resident sees them');
    for (const s of r.samples) {
      out.push(
        `  ${s.date} ${s.time}  ${s.department} · ${s.name}  ${s.fee}  ${s.remaining}  [${s.booking}]`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
