import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ReportExportQuery } from '@jiankang/shared';
import { contentDisposition } from '../../bff/src/services/reports/export/content-disposition';
import { ReportFontUnavailableError, findCjkFont } from '../../bff/src/services/reports/export/cjk-font';
import { exportReport } from '../../bff/src/services/reports/export/export-report';
import { warmFhirSchema } from '../../bff/src/services/reports/export/fhir-schema';
import type { Bundle, Observation } from '../../bff/src/services/reports/export/fhir-types';
import { validateFhir } from '../../bff/src/services/reports/export/fhir-validate';
import { toFhirBundle } from '../../bff/src/services/reports/export/report-fhir';
import { PDF_FOOTER, renderReportPdf } from '../../bff/src/services/reports/export/report-pdf';
import { ALL, IMAGING, LAB, LONG_LAB, PATIENT, inputFor } from '../fixtures/reports/export-fixtures';

// Pure exports over fixtures: no database or simulators. Poppler (pdftoppm, pdftotext, pdfinfo,
// pdffonts) reads the PDFs the way a resident's viewer would.
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jk-report-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdfFile(name: string, detail = LAB): Promise<string> {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, await renderReportPdf(inputFor(detail)));
  return path;
}

/** Pixels darker than mid-grey on the first page at 60 dpi: text and rules, not a blank sheet. */
function darkPixels(pdf: string): number {
  const prefix = pdf.replace(/\.pdf$/, '');
  run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, prefix]);
  const png = readdirSync(dir).find((f) => join(dir, f).startsWith(prefix) && f.endsWith('.png'));
  const { data, width, height } = PNG.sync.read(readFileSync(join(dir, png ?? 'missing.png')));
  let dark = 0;
  for (let i = 0; i < width * height * 4; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 384) dark += 1;
  return dark;
}

const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);

describe('report PDF', () => {
  it('when a lab report is rendered, then the page shows the name, items and flags in words', async () => {
    const pdf = await pdfFile('lab');
    expect(darkPixels(pdf)).toBeGreaterThan(2000);
    const text = run('pdftotext', ['-layout', pdf, '-']);
    for (const s of [
      PATIENT.name,
      '惠州市第一人民医院',
      '生化全套',
      '葡萄糖',
      '高密度脂蛋白胆固醇',
      '乙肝表面抗原',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/↑\s*偏高/);
    expect(text).toMatch(/↓\s*偏低/);
    expect(text).toContain('2025-10-12 11:23');
    expect(text).toContain(PATIENT.idNumberMasked);
    expect(text).toContain('结果无法识别');
    expect(text).toContain('缺少单位');
    expect(text).toContain(PDF_FOOTER);
    expect(text.replace(/\s+/g, '')).toContain('第1页/共1页');
  });

  it('when rendered, then a Noto CJK font is embedded (Chinese glyphs are in the file, not left to the viewer)', async () => {
    const fonts = run('pdffonts', [await pdfFile('fonts')]);
    expect(fonts).toMatch(/NotoSansCJK\S*\s+.*\byes\s+yes\s+yes\b/);
  });

  it('when a report has 60 items, then it runs over pages and every page is numbered', async () => {
    const pdf = await pdfFile('long', LONG_LAB);
    expect(pages(pdf)).toBeGreaterThanOrEqual(2);
    const text = run('pdftotext', ['-layout', pdf, '-']);
    expect(text).toContain('（第60项）');
    expect(text.replace(/\s+/g, '')).toContain(`第2页/共${pages(pdf)}页`);
    // Column heads repeat on the next page.
    expect(text.split('参考范围').length - 1).toBe(pages(pdf));
  });

  it('when an imaging report is rendered, then findings, conclusion and the missing attachment are shown', async () => {
    const pdf = await pdfFile('imaging', IMAGING);
    expect(darkPixels(pdf)).toBeGreaterThan(2000);
    const text = run('pdftotext', [pdf, '-']).replace(/\s+/g, '');
    for (const s of ['影像所见', '诊断意见', '右肺上叶尖段微小磨玻璃结节', '附件过大未附上', '（检查报告）'])
      expect(text).toContain(s);
    // Beijing time of 07:40Z.
    expect(text).toContain('2024-03-0515:40');
  });

  it('when rendered twice at one instant, then the bytes are the same', async () => {
    const [a, b] = await Promise.all([renderReportPdf(inputFor(LAB)), renderReportPdf(inputFor(LAB))]);
    expect(a.equals(b)).toBe(true);
  });

  it('when REPORT_PDF_FONT names a missing file, then the error says how to fix it', async () => {
    expect(() => findCjkFont({ REPORT_PDF_FONT: '/nonexistent/font.ttc' })).toThrow(
      ReportFontUnavailableError,
    );
    expect(() => findCjkFont({ REPORT_PDF_FONT: '/nonexistent/font.ttc' })).toThrow(/fonts-noto-cjk/);
  });
});

const observations = (bundle: Bundle) =>
  bundle.entry.map((e) => e.resource).filter((r): r is Observation => r.resourceType === 'Observation');

describe('report FHIR Bundle', () => {
  beforeAll(() => warmFhirSchema(), 30_000);

  it.each(Object.entries(ALL))('when the %s report is exported, then the Bundle validates', (_, detail) => {
    expect(validateFhir(toFhirBundle(inputFor(detail)))).toEqual({ valid: true, errors: [] });
  });

  it('when exported, then every reference is an entry fullUrl and the patient is identified by EMPI', () => {
    const bundle = toFhirBundle(inputFor(LAB));
    const urls = new Set(bundle.entry.map((e) => e.fullUrl));
    expect([...urls].every((u) => /^urn:uuid:[0-9a-f-]{36}$/.test(u))).toBe(true);
    const refs = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(LAB.items.length);
    for (const r of refs) expect(urls).toContain(r.slice('"reference":"'.length, -1));
    expect(bundle.entry[0]?.resource).toMatchObject({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:jiankang:empi', value: PATIENT.masterId }],
      gender: 'female',
      birthDate: '1988-06-15',
    });
    expect(bundle.entry[2]?.resource).toMatchObject({
      resourceType: 'DiagnosticReport',
      status: 'final',
      category: [{ coding: [{ code: 'LAB' }] }],
    });
  });

  it('when an item is NaN, then it has a dataAbsentReason and no value; units are UCUM', () => {
    const [glu, hdl, crea, tg, ua, hbsag] = observations(toFhirBundle(inputFor(LAB)));
    expect(tg).toMatchObject({ dataAbsentReason: { coding: [{ code: 'not-a-number' }] } });
    expect(Object.keys(tg ?? {}).filter((k) => k.startsWith('value'))).toEqual([]);
    expect(glu).toMatchObject({
      code: {
        coding: [
          { system: 'http://loinc.org', code: '14749-6' },
          { system: 'urn:jiankang:hospital-lab-item:hzsdyrmyy', code: 'GLU' },
        ],
        text: '葡萄糖',
      },
      valueQuantity: { value: 7.8, system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      interpretation: [{ coding: [{ code: 'H' }] }],
      referenceRange: [{ low: { value: 3.9 }, high: { value: 6.1 }, text: '3.9-6.1' }],
    });
    expect(hdl?.interpretation?.[0]?.coding?.[0]?.code).toBe('L');
    // µmol/L (micro sign) as printed, umol/L as UCUM.
    expect(crea?.valueQuantity).toMatchObject({ unit: 'µmol/L', code: 'umol/L' });
    expect(ua).toMatchObject({ valueString: '420' });
    expect(ua?.valueQuantity).toBeUndefined();
    expect(hbsag).toMatchObject({ valueString: '阴性' });
  });

  it('when an imaging report is exported, then findings and conclusion travel with it', () => {
    const bundle = toFhirBundle(inputFor(IMAGING));
    expect(bundle.entry[2]?.resource).toMatchObject({
      category: [{ coding: [{ code: 'RAD' }] }],
      conclusion: IMAGING.conclusion,
    });
    expect(observations(bundle)).toMatchObject([
      { code: { coding: [{ code: '18782-3' }] }, valueString: IMAGING.findings },
    ]);
  });

  it('when a bundle is broken, then the validator says where', () => {
    const bundle = JSON.parse(JSON.stringify(toFhirBundle(inputFor(LAB)))) as Bundle;
    const broken = bundle as unknown as { entry: { resource: Record<string, unknown> }[] };
    broken.entry[3]!.resource.status = 'finished';
    delete broken.entry[4]!.resource.resourceType;
    const result = validateFhir(bundle);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/\/entry\/3\/resource\/status/);
    expect(result.errors.join('\n')).toMatch(/\/entry\/4\/resource.*resourceType/);
  });

  it('when a reference points outside the bundle, then it is invalid', () => {
    const bundle = toFhirBundle(inputFor(LAB));
    const report = bundle.entry[2]!.resource;
    if (report.resourceType !== 'DiagnosticReport') throw new Error('fixture order');
    report.subject = { reference: 'urn:uuid:00000000-0000-5000-8000-000000000000' };
    const result = validateFhir(bundle);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/entry\/2\/resource\/subject.*not an entry/)]),
    );
  });

  it('when it is not a resource at all, then it is invalid', () => {
    expect(validateFhir({ type: 'collection' }).valid).toBe(false);
  });
});

describe('exportReport', () => {
  it('when PDF is asked for, then it is a PDF with an ASCII file name', async () => {
    const out = await exportReport(inputFor(LAB), 'pdf');
    expect(out).toMatchObject({
      contentType: 'application/pdf',
      filename: 'report-hzsdyrmyy-L3F2A9C01B7D4E5F60718005.pdf',
      title: '生化全套-2025-10-12',
    });
    expect(out.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('when FHIR is asked for, then it is fhir+json of the same Bundle', async () => {
    const out = await exportReport(inputFor(IMAGING), 'fhir');
    expect(out.contentType).toMatch(/^application\/fhir\+json/);
    expect(out.filename).toBe('report-hzszxrmyy-R3F2A9C01B7D4E5F60718002.json');
    expect(JSON.parse(out.body.toString('utf8'))).toEqual(toFhirBundle(inputFor(IMAGING)));
  });

  it('when a Content-Disposition is made, then it carries the ASCII name and the Chinese title', () => {
    expect(contentDisposition('report-a:b.pdf', '生化全套-2025-10-12')).toBe(
      `attachment; filename="report-a-b.pdf"; filename*=UTF-8''${encodeURIComponent('生化全套-2025-10-12.pdf')}`,
    );
    expect(contentDisposition('x.json', "血常规 (复查)'s\n")).toMatch(
      /filename\*=UTF-8''%E8%A1%80%E5%B8%B8%E8%A7%84%20%28%E5%A4%8D%E6%9F%A5%29%27s\.json$/,
    );
  });

  it.each([{ format: 'docx' }, { format: 'PDF' }, {}, { format: 'pdf', extra: '1' }])(
    'when the query is %j, then the schema refuses it (the route answers 400)',
    (query) => {
      expect(ReportExportQuery.safeParse(query).success).toBe(false);
    },
  );

  it('when the query is pdf or fhir, then the schema takes it', () => {
    expect(ReportExportQuery.parse({ format: 'fhir' })).toEqual({ format: 'fhir' });
  });
});
