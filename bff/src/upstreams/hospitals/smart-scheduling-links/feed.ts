import { UpstreamError } from '../../../lib/upstream-error';
import type {
  FeedAdapter,
  FeedAdapterConfig,
  FeedCursor,
  FeedFetchOptions,
  FeedFetchResult,
  FeedFileProblem,
  FeedLocation,
  FeedSlotRecord,
} from '../common/feed-adapter';
import { mapAll, sampleName, SkipCounter, type Mapped } from '../common/skipped';
import { parseInstant } from '../common/time';
import { mapLocation } from '../fhir/location-mapper';
import { mapSchedule, mapSlot, type ScheduleInfo } from '../fhir/slot-mapper';
import { SmartClient, type NdjsonFile } from './bulk-client';
import { KNOWN_UNREAD_TYPES, type Manifest } from './manifest';

/**
 * Cursor: `transactionTime` of the last manifest read whole (the next `_since`), and the Schedule
 * files as JSON, since an incremental manifest does not list them when schedules did not change.
 */
export interface SmartCursor extends FeedCursor {
  transactionTime: string | null;
  scheduleUrls: string | null;
}

type FileType = 'Location' | 'Schedule' | 'Slot';
interface Listed {
  type: FileType;
  url: string;
}

const scheduleUrlsOf = (cursor: FeedCursor | null): string[] | undefined => {
  try {
    const urls: unknown = JSON.parse(String(cursor?.scheduleUrls ?? ''));
    return Array.isArray(urls) && urls.every((u) => typeof u === 'string') ? urls : undefined;
  } catch {
    return undefined;
  }
};

const linesText = (lines: number[]) =>
  lines.length === 1
    ? `line ${lines[0]} is`
    : `lines ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ' …' : ''} are`;

/**
 * A hospital publishing SMART Scheduling Links: the manifest, then its Location, Schedule and Slot
 * NDJSON files. One file that cannot be had (404, timeout, too large, on another host) leaves the
 * others imported and the read `partial`, naming the file; it never fails the whole sync.
 */
export class SmartFeedAdapter implements FeedAdapter {
  readonly kind = 'smart-scheduling-links' as const;
  readonly hospitalId: string;
  private readonly client: SmartClient;
  /** The Schedule files last read, revalidated by ETag so an incremental sync costs one 304 each. */
  private readonly scheduleCache = new Map<string, { etag?: string; raws: unknown[] }>();

  constructor(config: FeedAdapterConfig) {
    this.hospitalId = config.id;
    this.client = new SmartClient(config);
  }

  async fetch({ cursor, full, signal, now }: FeedFetchOptions): Promise<FeedFetchResult> {
    const fetchedAt = new Date();
    const knownSchedules = scheduleUrlsOf(cursor);
    const since =
      !full && typeof cursor?.transactionTime === 'string' && knownSchedules ? cursor.transactionTime : null;
    const skipped = new SkipCounter();
    const problems: FeedFileProblem[] = [];
    const manifest = await this.client.manifest(since, signal);
    if (!parseInstant(manifest.transactionTime)) {
      throw new UpstreamError(
        this.client.upstream,
        'malformed',
        'manifest transactionTime is not an instant',
        false,
      );
    }
    const listed = this.listed(manifest, problems);
    const of = (type: FileType) => listed.filter((l) => l.type === type).map((l) => l.url);
    const scheduleUrls = of('Schedule').length > 0 ? of('Schedule') : since ? (knownSchedules ?? []) : [];
    if (scheduleUrls.length === 0 && of('Slot').length > 0) {
      throw new UpstreamError(this.client.upstream, 'malformed', 'manifest lists no Schedule file', false);
    }
    const next: SmartCursor = {
      transactionTime: manifest.transactionTime,
      scheduleUrls: JSON.stringify(scheduleUrls),
    };
    if (since && of('Slot').length === 0 && problems.length === 0) {
      return {
        slots: [],
        skipped: skipped.result(),
        problems,
        past: 0,
        complete: false,
        notModified: true,
        cursor: next,
      };
    }
    const [scheduleRaws, slotFiles, locationFiles] = await Promise.all([
      this.scheduleRaws(scheduleUrls, problems, signal),
      this.files(of('Slot'), problems, signal),
      since ? Promise.resolve([]) : this.files(of('Location'), problems, signal),
    ]);
    const schedules = new Map<string, ScheduleInfo>();
    for (const s of mapAll(
      scheduleRaws,
      (raw) => this.typed(raw, 'Schedule', (r) => mapSchedule(r, this.hospitalId)),
      skipped,
    ).values) {
      schedules.set(s.id, s.info);
    }
    const ctx = { hospitalId: this.hospitalId, kind: this.kind, schedules, fetchedAt, now };
    const slots = mapAll<FeedSlotRecord>(
      this.lines(slotFiles, skipped, problems),
      (raw) => this.typed(raw, 'Slot', (r) => mapSlot(r, ctx)),
      skipped,
    );
    const locations = since
      ? undefined
      : mapAll<FeedLocation>(
          this.lines(locationFiles, skipped, problems),
          (raw) => this.typed(raw, 'Location', (r) => mapLocation(r, this.hospitalId)),
          skipped,
        ).values;
    const whole = problems.length === 0;
    // Locations are kept whenever their own files were read whole, even if a Slot file failed.
    const locationsWhole = !problems.some((p) => of('Location').includes(p.url));
    return {
      slots: slots.values,
      skipped: skipped.result(),
      problems,
      past: slots.past,
      ...(locations && locationsWhole && { locations }),
      complete: !since && whole,
      notModified: false,
      // A missed file is read again next time: the cursor stays where it was.
      cursor: whole ? next : (cursor ?? { transactionTime: null, scheduleUrls: null }),
    };
  }

  /** The manifest's files this feed reads; other hosts, unknown types and publisher errors reported. */
  private listed(manifest: Manifest, problems: FeedFileProblem[]): Listed[] {
    const out: Listed[] = [];
    for (const item of manifest.output) {
      if (item.type !== 'Location' && item.type !== 'Schedule' && item.type !== 'Slot') {
        if (!KNOWN_UNREAD_TYPES.has(item.type))
          problems.push({
            url: item.url.slice(0, 300),
            reason: `unknown resource type ${item.type.slice(0, 40)}`,
          });
        continue;
      }
      const resolved = this.client.resolveFileUrl(item.url);
      if (resolved.ok) out.push({ type: item.type, url: resolved.url });
      else problems.push({ url: item.url.slice(0, 300), reason: resolved.reason });
    }
    for (const e of manifest.error) {
      problems.push({
        url: (e.url ?? '(no url)').slice(0, 300),
        reason: 'the publisher lists an error file for this data set',
      });
    }
    return out;
  }

  /** Each file on its own: a failed one becomes a problem, unless the caller's deadline ran out. */
  private async files(
    urls: string[],
    problems: FeedFileProblem[],
    signal?: AbortSignal,
    etags?: Map<string, string | undefined>,
  ) {
    const results = await Promise.all(
      urls.map(async (url) => {
        try {
          return { url, file: await this.client.ndjson(url, { ifNoneMatch: etags?.get(url), signal }) };
        } catch (err) {
          if (signal?.aborted) throw err;
          problems.push({ url, reason: (err as Error).message });
          return undefined;
        }
      }),
    );
    return results.filter((r): r is { url: string; file: NdjsonFile } => r !== undefined);
  }

  private async scheduleRaws(
    urls: string[],
    problems: FeedFileProblem[],
    signal?: AbortSignal,
  ): Promise<unknown[]> {
    const etags = new Map(urls.map((u) => [u, this.scheduleCache.get(u)?.etag]));
    const files = await this.files(urls, problems, signal, etags);
    const raws: unknown[] = [];
    for (const { url, file } of files) {
      const cached = this.scheduleCache.get(url);
      if (file.notModified && cached) {
        raws.push(...cached.raws);
        continue;
      }
      if (file.badLines.length > 0) problems.push({ url, reason: `${linesText(file.badLines)} not JSON` });
      const values = file.records.map((r) => r.value);
      if (file.badLines.length === 0) this.scheduleCache.set(url, { etag: file.etag, raws: values });
      raws.push(...values);
    }
    return raws;
  }

  /** Every line's value; a line that is not JSON is counted and marks its file (maybe truncated). */
  private *lines(
    files: { url: string; file: NdjsonFile }[],
    skipped: SkipCounter,
    problems: FeedFileProblem[],
  ): Generator<unknown> {
    for (const { url, file } of files) {
      const name = url.split('/').pop() ?? url;
      for (const line of file.badLines) skipped.add(`${name} line ${line}: not JSON`);
      // A broken line may be a truncated file: what it held is imported, but it is not a snapshot.
      if (file.badLines.length > 0) {
        problems.push({
          url,
          reason: `${linesText(file.badLines)} not JSON (cut short?)`,
        });
      }
      for (const r of file.records) yield r.value;
    }
  }

  /** A line of the wrong resource type (a Schedule in a Slot file, an unknown type) is skipped. */
  private typed<T>(raw: unknown, type: FileType, map: (raw: unknown) => Mapped<T>): Mapped<T> {
    const actual = (raw as { resourceType?: unknown } | null)?.resourceType;
    if (actual !== type) {
      const found = typeof actual === 'string' ? actual.slice(0, 40) : 'no resourceType';
      return { ok: false, reason: `${sampleName(found, raw)}: not a ${type} in a ${type} file` };
    }
    return map(raw);
  }
}
