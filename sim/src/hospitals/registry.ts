import { readFile } from 'node:fs/promises';
import { FEED_BASE_PATH } from './server';
import { FEED_KINDS, FEED_PROFILES, type FeedKind, type HospitalFeedOptions } from './types';

/**
 * standard (default) or enriched: simulate the hospital with that profile; none: the entry is a
 * real endpoint the BFF polls as it is, and no simulator is started for it.
 */
export const SIMULATOR_MODES = [...FEED_PROFILES, 'none'] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

/** One entry of config/hospitals.json as the simulator reads it (extra keys are the BFF's). */
export interface HospitalRegistryEntry {
  id: string;
  adapter: FeedKind;
  baseUrl: string;
  encoding?: 'utf-8' | 'gbk';
  push?: { url: string; secret: string };
  simulator?: SimulatorMode;
}

function entryOptions(raw: unknown, index: number, seed: string | undefined): HospitalFeedOptions | null {
  const at = `hospitals[${index}]`;
  if (typeof raw !== 'object' || raw === null) throw new Error(`${at} must be an object`);
  const e = raw as Partial<HospitalRegistryEntry>;
  if (typeof e.id !== 'string' || !e.id) throw new Error(`${at}.id must be a lowercase orgCode`);
  const mode = e.simulator ?? 'standard';
  if (!SIMULATOR_MODES.includes(mode))
    throw new Error(`${at}.simulator must be one of ${SIMULATOR_MODES.join(', ')}`);
  // A real endpoint: its URL is whatever the hospital serves; the BFF's config checks it.
  if (mode === 'none') return null;
  if (!FEED_KINDS.includes(e.adapter as FeedKind))
    throw new Error(`${at}.adapter must be one of ${FEED_KINDS.join(', ')}`);
  const kind = e.adapter as FeedKind;
  let url: URL;
  try {
    url = new URL(String(e.baseUrl));
  } catch {
    throw new Error(`${at}.baseUrl must be an absolute URL`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path !== FEED_BASE_PATH[kind])
    throw new Error(
      `${at}.baseUrl path must be "${FEED_BASE_PATH[kind] || '/'}" for ${kind}, got "${url.pathname}"`,
    );
  if (!url.port) throw new Error(`${at}.baseUrl must name a port`);
  if (e.encoding !== undefined && e.encoding !== 'utf-8' && e.encoding !== 'gbk')
    throw new Error(`${at}.encoding must be utf-8 or gbk`);
  if (e.push !== undefined && (typeof e.push?.url !== 'string' || typeof e.push?.secret !== 'string'))
    throw new Error(`${at}.push must be { url, secret }`);
  return {
    hospitalId: e.id,
    kind,
    port: Number(url.port),
    host: url.hostname.replace(/^\[|\]$/g, ''),
    profile: mode,
    ...(seed === undefined ? {} : { seed }),
    ...(e.encoding ? { encoding: e.encoding } : {}),
    ...(e.push ? { push: { url: e.push.url, secret: e.push.secret } } : {}),
  };
}

/** The feeds a registry file asks for; an empty `hospitals` list gives none. */
export function feedOptionsFromRegistry(json: unknown, seed?: string): HospitalFeedOptions[] {
  const list = (json as { hospitals?: unknown })?.hospitals ?? [];
  if (!Array.isArray(list)) throw new Error('hospitals must be an array');
  return list.map((raw, i) => entryOptions(raw, i, seed)).filter((o) => o !== null);
}

export async function readHospitalRegistry(file: string, seed?: string): Promise<HospitalFeedOptions[]> {
  return feedOptionsFromRegistry(JSON.parse(await readFile(file, 'utf8')), seed);
}
