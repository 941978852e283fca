import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

type Registry = Config['hospitalRegistry'];

/**
 * `npm start` only: every registry entry without a `consoleKey` gets one, kept in
 * `.data/console-keys.json` (mode 600, reused on the next start) so hospital IT can sign in to the
 * feed console locally. Production sets `consoleKey` in its own registry (HOSPITALS_FILE).
 */
export function withDevConsoleKeys(
  registry: Registry,
  dataDir: string,
): { registry: Registry; file: string } {
  const file = path.join(dataDir, 'console-keys.json');
  let kept: Record<string, string> = {};
  if (existsSync(file)) {
    try {
      kept = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      kept = {};
    }
  }
  const keys: Record<string, string> = {};
  const hospitals = registry.hospitals.map((h) => {
    if (h.consoleKey) return h;
    const key =
      typeof kept[h.id] === 'string' && kept[h.id]!.length >= 16
        ? kept[h.id]!
        : randomBytes(18).toString('base64url');
    keys[h.id] = key;
    return { ...h, consoleKey: key };
  });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { registry: { ...registry, hospitals }, file };
}
