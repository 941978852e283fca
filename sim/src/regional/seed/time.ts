/** ISO 8601 in Beijing time with an explicit +08:00, the way the platform writes times. */
export function isoShanghai(ms: number, withMillis = false): string {
  const iso = new Date(ms + 8 * 3_600_000).toISOString();
  return `${withMillis ? iso.slice(0, 23) : iso.slice(0, 19)}+08:00`;
}
