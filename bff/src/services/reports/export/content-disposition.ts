/**
 * `attachment; filename="report-….pdf"; filename*=UTF-8''<title>.pdf`: the ASCII name for old
 * clients, the Chinese title (RFC 5987/6266) for every browser and WeChat's file viewer. The
 * ASCII name drops anything outside a safe set, so a report id can never break the header.
 */
export function asciiFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report';
}

/** RFC 5987 `ext-value`: percent-encode everything but attr-char (encodeURIComponent leaves ' ( ) * ! too). */
const rfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function contentDisposition(filename: string, title: string): string {
  const ascii = asciiFilename(filename);
  const extension = /\.[A-Za-z0-9]+$/.exec(ascii)?.[0] ?? '';
  // Control characters and path separators have no place in a suggested file name.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const clean = title.replace(/[\u0000-\u001f\u007f/\\]+/g, ' ').trim() || ascii;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(clean + extension)}`;
}
