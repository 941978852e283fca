import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** config/hospitals.json, or the file HOSPITALS_FILE names: the same rule as the BFF and `npm start`. */
export const DEFAULT_REGISTRY_FILE = resolve(__dirname, '../../../config/hospitals.json');
/** The feed kinds that serve reports; SMART Scheduling Links publishes slots only. */
export const REPORT_FEED_KINDS: readonly string[] = ['fhir', 'his-xml'];

function readIds(file: string): string[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { hospitals?: unknown };
  const list = Array.isArray(json.hospitals) ? (json.hospitals as unknown[]) : [];
  return list
    .map((e) => (typeof e === 'object' && e !== null ? (e as { id?: unknown; adapter?: unknown }) : {}))
    .filter((e) => typeof e.id === 'string' && REPORT_FEED_KINDS.includes(String(e.adapter)))
    .map((e) => e.id as string);
}

/**
 * The hospitals the regional report index covers: those in the registry whose feed serves reports.
 * Read once when the platform starts, as a real platform knows which hospitals upload reports. A
 * registry the platform cannot read falls back to the default one: the directory and EMPI must
 * not stop working over the report index.
 */
export function reportHospitalIds(file = process.env.HOSPITALS_FILE || DEFAULT_REGISTRY_FILE): string[] {
  for (const candidate of new Set([file, DEFAULT_REGISTRY_FILE])) {
    try {
      return readIds(candidate);
    } catch {
      // try the next one
    }
  }
  return [];
}
