import { bookingRequestProblem, type AppointmentBook, type BookingRefusal } from '../appointments';
import type { SimAppointment } from '../types';
import { field, type Row } from './xml';

/** 交易代码: 2001 预约, 2002 取消预约, 2003 预约查询 (all by 外部单号 WBDH = the caller's reference). */
export const TRADE_BOOK = '2001';
export const TRADE_CANCEL = '2002';
export const TRADE_QUERY = '2003';
export const BOOKING_TRADES = new Set([TRADE_BOOK, TRADE_CANCEL, TRADE_QUERY]);

/** 返回代码 of a refused booking. */
export const REFUSAL_CODES: Record<BookingRefusal, { code: number; message: string }> = {
  no_slot: { code: -10, message: '号源不存在' },
  slot_full: { code: -11, message: '号源已满' },
  not_released: { code: -12, message: '未放号' },
  cancelled: { code: -13, message: '已停诊' },
  in_past: { code: -14, message: '号源已过时' },
  reference_conflict: { code: -15, message: '外部单号已用于其他号源' },
};
export const NOT_FOUND_CODE = -21;

/** YYZT 预约状态: 1 已预约, 2 已取消, 3 已就诊, 4 爽约. */
const YYZT = { booked: 1, cancelled: 2, fulfilled: 3, noshow: 4 } as const;
const hisTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');
function bookingRow(a: SimAppointment): Row {
  return {
    YYDH: a.id,
    WBDH: a.reference,
    HYID: a.sourceSlotId,
    YYZT: YYZT[a.status],
    KSMC: a.deptName,
    YSXM: a.doctorName,
    JZSJ: hisTime(a.start),
    YYSJ: hisTime(a.createdAt),
    QXSJ: a.cancelledAt ? hisTime(a.cancelledAt) : '',
  };
}

export interface HisAnswer {
  code: number;
  message: string;
  list?: { tag: string; rows: Row[] };
  /** A booking write took effect (for the commit-then-drop fault). */
  committed?: boolean;
}

const answer = (a: SimAppointment, committed = false): HisAnswer => ({
  code: 0,
  message: '成功',
  list: { tag: 'YYXX', rows: [bookingRow(a)] },
  committed,
});

/** One 2001/2002/2003 request (already decoded from the feed's charset). */
export function hisBookingTrade(trade: string, xml: string, appointments: AppointmentBook): HisAnswer {
  const reference = field(xml, 'WBDH') ?? '';
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(reference)) return { code: -2, message: '参数错误：WBDH（外部单号）' };
  if (trade === TRADE_QUERY) {
    const found = appointments.byRef(reference);
    return found ? answer(found) : { code: NOT_FOUND_CODE, message: '预约不存在' };
  }
  if (trade === TRADE_CANCEL) {
    const cancelled = appointments.cancel({ reference });
    return cancelled.ok
      ? answer(cancelled.appointment, true)
      : { code: NOT_FOUND_CODE, message: '预约不存在' };
  }
  const phone = field(xml, 'LXDH') || undefined;
  const request = {
    sourceSlotId: field(xml, 'HYID') ?? '',
    reference,
    patient: { masterId: field(xml, 'HZID') ?? '', name: field(xml, 'HZXM') ?? '', ...(phone && { phone }) },
  };
  const problem = bookingRequestProblem(request);
  if (problem) return { code: -2, message: `参数错误：${problem}` };
  const booked = appointments.book(request);
  if (!booked.ok) {
    const { code, message } = REFUSAL_CODES[booked.reason];
    return { code, message: `${message}：${booked.message}` };
  }
  return answer(booked.appointment, true);
}
