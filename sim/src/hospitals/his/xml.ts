import iconv from 'iconv-lite';

export type HisEncoding = 'utf-8' | 'gbk';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

export type Row = Record<string, string | number>;

/** `<TAG>value</TAG>` for each field, in the order given. */
export const fields = (row: Row) =>
  Object.entries(row)
    .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
    .join('');

export function responseXml(
  encoding: HisEncoding,
  code: number,
  message: string,
  list?: { tag: string; rows: Row[] },
): string {
  const declared = encoding === 'gbk' ? 'GBK' : 'UTF-8';
  const body = list
    ? `<${list.tag}>${list.rows.map((r) => `<ROW>${fields(r)}</ROW>`).join('')}</${list.tag}>`
    : '';
  return `<?xml version="1.0" encoding="${declared}"?><Response><FHDM>${code}</FHDM><FHXX>${escapeXml(message)}</FHXX>${body}</Response>`;
}

export const contentType = (encoding: HisEncoding) =>
  `text/xml; charset=${encoding === 'gbk' ? 'GBK' : 'UTF-8'}`;

export const encode = (text: string, encoding: HisEncoding): Buffer =>
  encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');

export const decode = (bytes: Buffer, encoding: string): string =>
  iconv.encodingExists(encoding) ? iconv.decode(bytes, encoding) : bytes.toString('utf8');

/** The text of the first `<tag>` in a flat request; undefined when absent. */
export function field(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
