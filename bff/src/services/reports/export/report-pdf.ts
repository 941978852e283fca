import PDFDocument from 'pdfkit';
import { beijingDate, beijingTime, type ReportItem } from '@jiankang/shared';
import { findCjkFont } from './cjk-font';
import { GENDER_LABEL, TYPE_LABEL, type ReportExportInput } from './export-input';
import { problemLabel } from '@jiankang/shared/domain';

export const PDF_FOOTER = '本报告由健康惠州导出，仅供参考，以医院纸质/原始报告为准';

const MARGIN = 40;
const FOOTER_SPACE = 36;
const CELL_PAD = 3;
const TEXT_SIZE = 10;
/** 名称, 结果, 单位, 参考范围, 提示: widths sum to the A4 text width (595 − 2 × 40). */
const COLUMNS = [
  { title: '名称', width: 175 },
  { title: '结果', width: 80 },
  { title: '单位', width: 75 },
  { title: '参考范围', width: 105 },
  { title: '提示', width: 80 },
] as const;

type Doc = PDFKit.PDFDocument;

/** The flag in words as well as an arrow: a printout is often black and white, and colour alone says nothing to some readers. */
function flagText(item: ReportItem): string {
  if (item.flag === 'H') return '↑ 偏高';
  if (item.flag === 'L') return '↓ 偏低';
  return '';
}

/** Whole years on the Beijing calendar date of the export (a birthday counts from that day). */
function ageOn(birthDate: string, on: Date): number {
  const today = beijingDate(on);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function header(doc: Doc, input: ReportExportInput): void {
  const { detail, hospitalName } = input;
  const width = doc.page.width - 2 * MARGIN;
  doc.fontSize(16).text(hospitalName, MARGIN, MARGIN, { width, align: 'center' });
  doc.fontSize(14).text(`${detail.title}（${TYPE_LABEL[detail.type]}报告）`, { width, align: 'center' });
  doc.moveDown(0.5).fontSize(TEXT_SIZE);
  const issued = `${beijingDate(detail.issuedAt)} ${beijingTime(detail.issuedAt)}（北京时间）`;
  const parts = [`类型：${TYPE_LABEL[detail.type]}`, `报告时间：${issued}`];
  if (detail.department) parts.push(`科室：${detail.department}`);
  doc.text(parts.join('    '), MARGIN, doc.y, { width });
  doc.text(`报告编号：${detail.id}`, { width });
}

function patientBlock(doc: Doc, input: ReportExportInput): void {
  const { patient, generatedAt } = input;
  const gender = patient.gender ? GENDER_LABEL[patient.gender] : '未知';
  const age = patient.birthDate
    ? `${ageOn(patient.birthDate, generatedAt)}岁（出生日期 ${patient.birthDate}）`
    : '未知';
  const width = doc.page.width - 2 * MARGIN;
  doc.moveDown(0.5);
  const top = doc.y;
  doc
    .moveTo(MARGIN, top)
    .lineTo(MARGIN + width, top)
    .stroke();
  doc
    .fontSize(TEXT_SIZE)
    .text(`姓名：${patient.name}    性别：${gender}    年龄：${age}`, MARGIN, top + 6, { width });
  doc.text(`证件号码：${patient.idNumberMasked}    主索引号：${patient.masterId}`, { width });
  doc
    .moveTo(MARGIN, doc.y + 4)
    .lineTo(MARGIN + width, doc.y + 4)
    .stroke();
  doc.y += 10;
}

const bottomLimit = (doc: Doc) => doc.page.height - MARGIN - FOOTER_SPACE;

function row(doc: Doc, cells: readonly string[], y: number, bold: boolean): number {
  const height =
    Math.max(
      ...cells.map((c, i) => doc.heightOfString(c || ' ', { width: COLUMNS[i]!.width - 2 * CELL_PAD })),
    ) +
    2 * CELL_PAD;
  if (bold)
    doc
      .rect(MARGIN, y, doc.page.width - 2 * MARGIN, height)
      .fillOpacity(0.08)
      .fill('#000')
      .fillOpacity(1);
  let x = MARGIN;
  cells.forEach((c, i) => {
    const width = COLUMNS[i]!.width;
    doc.fillColor('#000').text(c, x + CELL_PAD, y + CELL_PAD, { width: width - 2 * CELL_PAD });
    x += width;
  });
  doc
    .moveTo(MARGIN, y + height)
    .lineTo(doc.page.width - MARGIN, y + height)
    .lineWidth(0.3)
    .stroke();
  return y + height;
}

/** The items table; the column heads are repeated on every page it spans. */
function itemsTable(doc: Doc, items: readonly ReportItem[]): void {
  doc.fontSize(TEXT_SIZE);
  const heads = COLUMNS.map((c) => c.title);
  let y = row(doc, heads, doc.y, true);
  for (const item of items) {
    const cells = [item.name, item.value || '—', item.unit ?? '', item.range?.text ?? '', flagText(item)];
    const needed = Math.max(
      ...cells.map((c, i) => doc.heightOfString(c || ' ', { width: COLUMNS[i]!.width })),
    );
    if (y + needed + 2 * CELL_PAD > bottomLimit(doc)) {
      doc.addPage();
      y = row(doc, heads, MARGIN, true);
    }
    y = row(doc, cells, y, false);
  }
  doc.x = MARGIN;
  doc.y = y + 8;
}

/** A headed paragraph that flows onto the next page by itself (pdfkit wraps and breaks text). */
function section(doc: Doc, title: string, body: string): void {
  const width = doc.page.width - 2 * MARGIN;
  if (doc.y + 40 > bottomLimit(doc)) doc.addPage();
  doc.fontSize(12).text(title, MARGIN, doc.y, { width });
  doc.moveDown(0.2).fontSize(TEXT_SIZE).text(body, { width, lineGap: 2 });
  doc.moveDown(0.8);
}

/** Footer and page numbers last, once the page count is known (bufferPages keeps every page open). */
function footers(doc: Doc): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise make pdfkit add a page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * MARGIN;
    const y = doc.page.height - MARGIN - 16;
    doc.fontSize(8).fillColor('#333').text(PDF_FOOTER, MARGIN, y, { width, align: 'left', lineBreak: false });
    doc.text(`第 ${i - start + 1} 页 / 共 ${count} 页`, MARGIN, y, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * One report as an A4 PDF with its Chinese text embedded (a subset of the CJK font). Throws
 * ReportFontUnavailableError when the server has no CJK font (the route answers 503).
 */
export function renderReportPdf(input: ReportExportInput): Promise<Buffer> {
  const font = findCjkFont();
  const { detail, generatedAt } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    // Fixed dates make two exports of one report at one instant byte-identical.
    info: {
      Title: `${detail.title} - ${input.patient.name}`,
      Author: input.hospitalName,
      Producer: '健康惠州',
      Creator: '健康惠州',
      CreationDate: generatedAt,
      ModDate: generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.family) doc.font(font.path, font.family);
  else doc.font(font.path);

  header(doc, input);
  patientBlock(doc, input);
  if (detail.items.length > 0) itemsTable(doc, detail.items);
  if (detail.findings) section(doc, '影像所见', detail.findings);
  if (detail.conclusion) section(doc, '诊断意见', detail.conclusion);
  // Item and attachment notes too, in case a caller's detail did not lift them onto the report.
  const notes = [
    ...detail.problems,
    ...detail.items.flatMap((i) => i.problems.map((p) => `${i.name}: ${p}`)),
    ...(detail.attachment?.problem ? [detail.attachment.problem] : []),
  ];
  const problems = [...new Set(notes.map(problemLabel))];
  if (problems.length > 0) section(doc, '说明', problems.map((p) => `· ${p}`).join('\n'));
  footers(doc);
  doc.end();
  return done;
}
