import { reportPdf } from './pdf';

/** Checks what a PDF reader relies on: header, every xref offset at its object, startxref, EOF. */
function checkPdf(pdf: Buffer) {
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.endsWith('%%EOF\n')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref)) ?? [];
  expect(first).toBe('0');
  const entries = text
    .slice(startxref)
    .split('\n')
    .slice(2, 2 + Number(count));
  entries.slice(1).forEach((line, i) => {
    expect(line).toMatch(/^\d{10} 00000 n $/);
    expect(text.slice(Number(line.slice(0, 10))).startsWith(`${i + 1} 0 obj\n`)).toBe(true);
  });
  for (const m of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const at = (m.index ?? 0) + m[0].length;
    expect(text.slice(at + Number(m[1]), at + Number(m[1]) + 10)).toBe('\nendstream');
  }
}

describe('report PDF', () => {
  it('when made, then it is a small well-formed PDF with its text', () => {
    const pdf = reportPdf(['Imaging report R1 (CT)', '胸部CT']);
    checkPdf(pdf);
    expect(pdf.length).toBeLessThan(1024);
    expect(pdf.toString('latin1')).toContain("(Imaging report R1 \\(CT\\)) '");
  });

  it('when 5 MB is asked for, then it is at least that big and still well-formed', () => {
    const pdf = reportPdf(['big'], 5 * 1024 * 1024);
    expect(pdf.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(pdf.length).toBeLessThan(5 * 1024 * 1024 + 4096);
    checkPdf(pdf);
  });
});
