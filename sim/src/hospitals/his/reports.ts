import { isCalendarDate } from '@jiankang/shared/domain';
import type { ReportBook } from '../../reports/report-book';
import { MASTER_ID } from '../../reports/seed';
import type { LabResult, ReportCategory, SimReport } from '../../reports/types';
import { beijingDate } from '../beijing-time';
import type { HisAnswer } from './booking';
import { field, type Row } from './xml';

/** 交易代码: 3001 检验报告列表, 3002 检验报告明细, 3003 检查报告列表, 3004 检查报告明细. */
export const TRADE_LAB_LIST = '3001';
export const TRADE_LAB_DETAIL = '3002';
export const TRADE_EXAM_LIST = '3003';
export const TRADE_EXAM_DETAIL = '3004';
export const REPORT_TRADES = new Set([TRADE_LAB_LIST, TRADE_LAB_DETAIL, TRADE_EXAM_LIST, TRADE_EXAM_DETAIL]);
export const REPORT_NOT_FOUND_CODE = -31;

const hisTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');
/** BGZT 报告状态 as the HIS words it. */
const STATUS = { final: '已审核', amended: '已修正', preliminary: '初步报告' } as const;

/** JG 结果: a number with the decimals the LIS prints, text as written (`阴性`, `NaN`). */
const resultText = (x: LabResult) =>
  typeof x.value === 'number'
    ? x.decimals !== undefined
      ? x.value.toFixed(x.decimals)
      : String(x.value)
    : x.value;

/** CKFW 参考范围: the printed text, or low-high when the LIS kept only numbers. */
function rangeText(x: LabResult): string {
  if (x.range !== undefined) return x.range;
  if (x.low !== undefined && x.high !== undefined) return `${x.low}-${x.high}`;
  if (x.high !== undefined) return `<${x.high}`;
  return x.low !== undefined ? `>${x.low}` : '';
}

function labListRow(r: SimReport): Row {
  return {
    BGDH: r.id,
    BGMC: r.title,
    BBLX: r.specimen ?? '',
    KDKS: r.deptName,
    KDYS: r.doctorName,
    CJSJ: hisTime(r.effective),
    BGSJ: hisTime(r.issued),
    SHYS: r.reviewer,
    BGZT: STATUS[r.status],
    XMSL: r.results.length,
  };
}

const labItemRows = (r: SimReport): Row[] =>
  r.results.map((x, i) => ({
    BGDH: r.id,
    XH: i + 1,
    XMDM: x.code,
    XMMC: x.name,
    JG: resultText(x),
    DW: x.unit ?? '',
    CKFW: rangeText(x),
    YCBZ: x.flag ?? '',
  }));

function examRow(r: SimReport, detail: boolean): Row {
  const head: Row = {
    BGDH: r.id,
    JCMC: r.title,
    JCLX: r.modality ?? '',
    JCBW: r.bodySite ?? '',
    KDKS: r.deptName,
    KDYS: r.doctorName,
    JCSJ: hisTime(r.effective),
    BGSJ: hisTime(r.issued),
    BGYS: r.reviewer,
    BGZT: STATUS[r.status],
  };
  if (!detail) return head;
  return {
    ...head,
    YXSJ: r.findings ?? '',
    ZDYJ: r.conclusion ?? '',
    WJLX: r.attachment?.contentType ?? '',
    BGWJ: r.attachment ? r.attachment.data.toString('base64') : '',
  };
}

const bad = (message: string): HisAnswer => ({ code: -2, message: `参数错误：${message}` });

function list(xml: string, reports: ReportBook, category: ReportCategory): HisAnswer {
  const masterId = field(xml, 'HZID') ?? '';
  if (!MASTER_ID.test(masterId)) return bad('HZID（患者主索引号）');
  const from = field(xml, 'KSRQ') || undefined;
  const to = field(xml, 'JSRQ') || undefined;
  if (from !== undefined && !isCalendarDate(from)) return bad('KSRQ应为yyyy-MM-dd');
  if (to !== undefined && !isCalendarDate(to)) return bad('JSRQ应为yyyy-MM-dd');
  const rows = reports
    .forPerson(masterId)
    .filter((r) => r.category === category)
    .filter((r) => {
      const day = beijingDate(Date.parse(r.effective));
      return (!from || day >= from) && (!to || day <= to);
    })
    .map((r) => (category === 'lab' ? labListRow(r) : examRow(r, false)));
  return { code: 0, message: '成功', list: { tag: category === 'lab' ? 'JYBG' : 'JCBG', rows } };
}

function detail(xml: string, reports: ReportBook, category: ReportCategory): HisAnswer {
  const id = field(xml, 'BGDH') ?? '';
  if (!id) return bad('BGDH（报告单号）');
  const r = reports.get(id);
  if (!r || r.category !== category) return { code: REPORT_NOT_FOUND_CODE, message: '报告不存在' };
  return category === 'lab'
    ? { code: 0, message: '成功', list: { tag: 'JYMX', rows: labItemRows(r) } }
    : { code: 0, message: '成功', list: { tag: 'JCBG', rows: [examRow(r, true)] } };
}

/**
 * One 3001–3004 request (already decoded from the feed's charset). Lists are by 患者主索引号
 * HZID (the EMPI master id) and 采集/检查 date; details by 报告单号 BGDH. Business errors are
 * FHDM ≠ 0 inside HTTP 200, as for every HIS trade.
 */
export function hisReportTrade(trade: string, xml: string, reports: ReportBook): HisAnswer {
  if (trade === TRADE_LAB_LIST) return list(xml, reports, 'lab');
  if (trade === TRADE_EXAM_LIST) return list(xml, reports, 'imaging');
  return detail(xml, reports, trade === TRADE_LAB_DETAIL ? 'lab' : 'imaging');
}
