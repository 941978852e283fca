/**
 * A small, valid one-page PDF (PDF 1.4, Helvetica, correct xref offsets), so the BFF and the
 * mini-program have a real file to pass on and open. Text is ASCII: the standard fonts carry no
 * Chinese, and embedding a CJK font would make the "small" file megabytes. `minBytes` pads it
 * with an unreferenced stream, which readers skip, to test large attachments.
 */
export function reportPdf(lines: readonly string[], minBytes = 0): Buffer {
  const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, '\\$&');
  const text = ['BT', '/F1 12 Tf', '14 TL', '56 780 Td', ...lines.map((l) => `(${ascii(l)}) '`), 'ET'].join(
    '\n',
  );
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const build = (padding: number) => {
    const all =
      padding > 0
        ? [...objects, `<< /Length ${padding} >>\nstream\n${' '.repeat(padding)}\nendstream`]
        : objects;
    // The binary comment on line 2 tells transfer tools the file is not text.
    let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
    const offsets: number[] = [];
    all.forEach((body, i) => {
      offsets.push(out.length);
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = out.length;
    out += `xref\n0 ${all.length + 1}\n0000000000 65535 f \n`;
    for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
    out += `trailer\n<< /Size ${all.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  };
  const plain = build(0);
  if (plain.length >= minBytes) return plain;
  // The padding object adds its header and an xref line besides its own bytes; 200 covers both.
  const padded = build(Math.max(1, minBytes - plain.length - 200));
  return padded.length >= minBytes ? padded : build(minBytes - plain.length);
}
