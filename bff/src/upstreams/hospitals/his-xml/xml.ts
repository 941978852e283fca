/**
 * A small strict XML reader for the HIS's flat documents (`<Response><FHDM>0</FHDM>…<PBXX><ROW>…`).
 * Elements, text, CDATA, comments and the five predefined entities plus character references;
 * attributes are read and ignored. No DOCTYPE (so no entity expansion), no stray text after the
 * root, no control characters, tags must nest: anything else throws XmlSyntaxError.
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Concatenated character data directly inside the element (not its children's). */
  text: string;
}

export class XmlSyntaxError extends Error {}

const NAME = /[A-Za-z_][\w.-]*/y;
const ATTRIBUTE = /\s+[A-Za-z_][\w.:-]*\s*=\s*("[^"<]*"|'[^'<]*')/y;
// eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters; we look for them on purpose
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_DEPTH = 32;

function decodeEntities(text: string): string {
  return text.replace(/&([^;&\s]{0,10});|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlSyntaxError('bare & in text');
    if (ref in ENTITIES) return ENTITIES[ref] as string;
    const m = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(ref);
    if (!m) throw new XmlSyntaxError(`unknown entity ${whole}`);
    const code = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : Number(m[1]);
    if (code > 0x10ffff) throw new XmlSyntaxError(`bad character reference ${whole}`);
    return String.fromCodePoint(code);
  });
}

export function parseXml(input: string): XmlElement {
  if (FORBIDDEN.test(input)) throw new XmlSyntaxError('control character in document');
  let pos = input.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (what: string): never => {
    throw new XmlSyntaxError(`${what} at offset ${pos}`);
  };
  const skipUntil = (end: string) => {
    const at = input.indexOf(end, pos);
    if (at < 0) fail(`unterminated ${end}`);
    pos = at + end.length;
  };
  /** Whitespace, comments and processing instructions between elements. */
  const skipMisc = () => {
    for (;;) {
      while (pos < input.length && /\s/.test(input[pos]!)) pos += 1;
      if (input.startsWith('<?', pos)) skipUntil('?>');
      else if (input.startsWith('<!--', pos)) skipUntil('-->');
      else return;
    }
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(input);
    if (!m) return fail('expected a name');
    pos = NAME.lastIndex;
    return m[0];
  };

  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    if (input[pos] !== '<') fail('expected <');
    pos += 1;
    const name = readName();
    for (;;) {
      ATTRIBUTE.lastIndex = pos;
      if (!ATTRIBUTE.exec(input)) break;
      pos = ATTRIBUTE.lastIndex;
    }
    while (/\s/.test(input[pos] ?? '')) pos += 1;
    const node: XmlElement = { name, children: [], text: '' };
    if (input.startsWith('/>', pos)) {
      pos += 2;
      return node;
    }
    if (input[pos] !== '>') fail(`bad start tag <${name}`);
    pos += 1;
    for (;;) {
      if (pos >= input.length) fail(`unclosed <${name}>`);
      if (input.startsWith('</', pos)) {
        pos += 2;
        if (readName() !== name) fail(`mismatched end tag for <${name}>`);
        while (/\s/.test(input[pos] ?? '')) pos += 1;
        if (input[pos] !== '>') fail('bad end tag');
        pos += 1;
        return node;
      }
      if (input.startsWith('<!--', pos)) skipUntil('-->');
      else if (input.startsWith('<![CDATA[', pos)) {
        const start = pos + 9;
        skipUntil(']]>');
        node.text += input.slice(start, pos - 3);
      } else if (input.startsWith('<?', pos)) skipUntil('?>');
      else if (input.startsWith('<!', pos)) fail('declarations are not allowed');
      else if (input[pos] === '<') node.children.push(element(depth + 1));
      else {
        const end = input.indexOf('<', pos);
        const raw = input.slice(pos, end < 0 ? input.length : end);
        pos += raw.length;
        node.text += decodeEntities(raw);
      }
    }
  };

  skipMisc();
  if (input.startsWith('<!', pos)) fail('DOCTYPE is not allowed');
  const root = element(0);
  skipMisc();
  if (pos !== input.length) fail('content after the root element');
  return root;
}

/** The trimmed text of each child, by tag name (first wins): a flat record like a HIS `<ROW>`. */
export function fieldsOf(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const child of el.children) if (!(child.name in out)) out[child.name] = child.text.trim();
  return out;
}
