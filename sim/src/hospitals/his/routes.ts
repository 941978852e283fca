import type { Context, Middleware } from 'koa';
import { BodyTooLargeError, readRawBody } from '../../lib/raw-body';
import { isCalendarDate } from '@jiankang/shared/domain';
import { isoBeijing } from '../beijing-time';
import type { AppointmentBook } from '../appointments';
import { markCommitted, type FaultDialect } from '../feed-faults';
import type { SlotBook } from '../slot-book';
import type { FeedSlot } from '../types';
import type { ReportBook } from '../../reports/report-book';
import { BOOKING_TRADES, hisBookingTrade } from './booking';
import { hisReportTrade, REPORT_TRADES } from './reports';
import { contentType, decode, encode, field, responseXml, type HisEncoding, type Row } from './xml';

export const HIS_PATH = '/his/ws';
/** 交易代码: 1001 科室列表, 1002 排班号源 (full pull); 2001–2003 booking (./booking.ts); 3001–3004 reports (./reports.ts). */
export const TRADE_DEPTS = '1001';
export const TRADE_SCHEDULE = '1002';
const MAX_REQUEST_BYTES = 64 * 1024;

/** HIS wall-clock time: Beijing, no offset, e.g. 2026-01-05 08:00:00. */
const hisTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const yuan = (fen: number) => (fen / 100).toFixed(2);

function scheduleRow(s: FeedSlot): Row {
  return {
    PBID: s.sessionId,
    HYID: s.sourceSlotId,
    KSDM: s.deptCode,
    KSMC: s.deptName,
    BZKSDM: s.stdDeptCode,
    YSDM: s.doctorCode,
    YSXM: s.doctorName,
    YSZC: s.titleName,
    PBRQ: s.date,
    SWXW: s.half === 'AM' ? '上午' : '下午',
    SJD: `${s.start.slice(11, 16)}-${s.end.slice(11, 16)}`,
    HS: s.capacity,
    SYHS: s.remaining,
    TZBZ: s.status === 'cancelled' ? 1 : 0,
    GHF: yuan(s.feeFen),
    SFFH: s.released ? 1 : 0,
    FHSJ: hisTime(s.releaseAt),
    BBH: s.version,
    GXSJ: hisTime(s.lastUpdated),
  };
}

export function hisDialect(encoding: HisEncoding): FaultDialect {
  const send = (ctx: Context, status: number, code: number, message: string) => {
    ctx.status = status;
    ctx.set('Content-Type', contentType(encoding));
    ctx.body = encode(responseXml(encoding, code, message), encoding);
  };
  return {
    serverError: (ctx) => send(ctx, 500, -99, '系统内部错误'),
    throttled: (ctx, secs) => {
      ctx.set('Retry-After', String(secs));
      send(ctx, 429, -98, `请求过于频繁，请${secs}秒后重试`);
    },
    text: (body) => decode(Buffer.isBuffer(body) ? body : Buffer.from(String(body)), encoding),
    wire: (text) => encode(text, encoding),
  };
}

/**
 * A legacy HIS web service: POST an XML <Request> with a 交易代码 (<JYDM>) to /his/ws. Business
 * errors come back HTTP 200 with FHDM ≠ 0, as such systems do; only transport trouble is non-200.
 */
export function hisRoutes(
  book: SlotBook,
  encoding: HisEncoding,
  now: () => Date,
  appointments?: AppointmentBook,
  reports?: ReportBook,
): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== HIS_PATH) return next();
    const reply = (status: number, code: number, message: string, list?: { tag: string; rows: Row[] }) => {
      ctx.status = status;
      ctx.set('Content-Type', contentType(encoding));
      ctx.body = encode(responseXml(encoding, code, message, list), encoding);
    };
    if (ctx.method !== 'POST') return reply(405, -1, '仅支持POST');
    let raw: Buffer;
    try {
      raw = await readRawBody(ctx.req, MAX_REQUEST_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return reply(413, -1, '请求报文过大');
      throw err;
    }
    const declared = /charset=([\w-]+)/i.exec(ctx.get('Content-Type'))?.[1] ?? encoding;
    const xml = decode(raw, declared.toLowerCase());
    if (!/<Request>[\s\S]*<\/Request>/.test(xml)) return reply(200, -1, '请求报文格式错误');
    const trade = field(xml, 'JYDM');
    if (trade === TRADE_DEPTS) {
      const rows = book.plan.depts.map((d) => ({
        KSDM: d.deptCode,
        KSMC: d.deptName,
        BZKSDM: d.stdDeptCode,
        YQDM: d.campusCode,
      }));
      return reply(200, 0, '成功', { tag: 'KSLB', rows });
    }
    if (appointments && trade && BOOKING_TRADES.has(trade)) {
      const answer = hisBookingTrade(trade, xml, appointments);
      if (answer.committed) markCommitted(ctx);
      return reply(200, answer.code, answer.message, answer.list);
    }
    if (reports && trade && REPORT_TRADES.has(trade)) {
      const answer = hisReportTrade(trade, xml, reports);
      return reply(200, answer.code, answer.message, answer.list);
    }
    if (trade !== TRADE_SCHEDULE) return reply(200, -1, `不支持的交易代码：${trade ?? '空'}`);
    const from = field(xml, 'KSRQ') || undefined;
    const to = field(xml, 'JSRQ') || undefined;
    for (const [tag, value] of [
      ['KSRQ', from],
      ['JSRQ', to],
    ] as const) {
      if (value !== undefined && !isCalendarDate(value))
        return reply(200, -2, `参数错误：${tag}应为yyyy-MM-dd`);
    }
    const dept = field(xml, 'KSDM') || undefined;
    const doctor = field(xml, 'YSDM') || undefined;
    const rows = book
      .list()
      .filter((s) => (!from || s.date >= from) && (!to || s.date <= to))
      .filter((s) => (!dept || s.deptCode === dept) && (!doctor || s.doctorCode === doctor))
      .map(scheduleRow);
    ctx.set('X-HIS-Time', hisTime(isoBeijing(now().getTime())));
    return reply(200, 0, '成功', { tag: 'PBXX', rows });
  };
}
