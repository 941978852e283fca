import type { AxiosInstance } from 'axios';
import { UpstreamError } from '../../../lib/upstream-error';
import { createFeedHttp, expectContentType, type FeedResponse } from '../common/http';
import { zodReason } from '../common/skipped';
import { hisRequest, readHisResponse } from './client';
import { ResultCode, TRANSIENT_CODES } from './slot-schemas';
import { fieldsOf } from './xml';
import type {
  BookingAdapterConfig,
  BookingRefusalReason,
  BookRequest,
  BookResult,
  CancelResult,
  HospitalAppointmentStatus,
  HospitalBookingAdapter,
  LookupResult,
} from '../common/booking-adapter';
import {
  bookingRequest,
  bookingUpstream,
  expectReference,
  malformed,
  retryRead,
  unexpectedStatus,
} from '../common/booking-http';
import { HisBookingRow } from '../common/booking-schemas';

const XML_TYPE = /^(text|application)\/xml\b/i;
/** 交易代码 (docs/upstreams/his-xml.md, "Booking"). */
export const TRADE_BOOK = '2001';
export const TRADE_CANCEL = '2002';
export const TRADE_QUERY = '2003';

/** FHDM of a refused 2001, by our reason. */
const REFUSALS: ReadonlyMap<number, BookingRefusalReason> = new Map([
  [-11, 'slot_full'],
  [-12, 'not_released'],
  [-13, 'cancelled'],
  [-14, 'in_past'],
]);
/** FHDM that are a definite "no" without a reason of ours: bad request, bad parameter, no such 号源, WBDH reused. */
const OTHER_REFUSALS = new Set([-1, -2, -10, -15]);
export const NOT_FOUND = -21;

interface HisAnswer {
  code: number;
  message: string;
  row?: { YYDH: string; WBDH: string; YYZT: keyof typeof YYZT };
}

/** YYZT 预约状态: 1 已预约, 2 已取消, 3 已就诊, 4 爽约. */
const YYZT = {
  '1': 'booked',
  '2': 'cancelled',
  '3': 'attended',
  '4': 'no_show',
} as const satisfies Record<string, HospitalAppointmentStatus>;

/** A legacy HIS: 2001 预约, 2002 取消预约, 2003 预约查询, keyed by 外部单号 WBDH = our reference. */
export class HisBookingAdapter implements HospitalBookingAdapter {
  readonly kind = 'his-xml' as const;
  readonly hospitalId: string;
  private readonly http: AxiosInstance;
  private readonly upstream: string;
  private readonly attempts: number;

  constructor(private readonly config: BookingAdapterConfig) {
    this.hospitalId = config.id;
    this.http = createFeedHttp(config);
    this.upstream = bookingUpstream(config.id);
    this.attempts = config.lookupAttempts ?? 3;
  }

  async book(req: BookRequest, signal?: AbortSignal): Promise<BookResult> {
    const answer = await this.call(
      TRADE_BOOK,
      {
        HYID: req.sourceSlotId,
        WBDH: req.reference,
        HZID: req.patient.masterId,
        HZXM: req.patient.name,
        LXDH: req.patient.phone,
      },
      true,
      signal,
    );
    if (answer.code === 0) {
      const row = this.row(answer, req.reference);
      if (row.YYZT === '1') return { outcome: 'booked', hospitalBookingId: row.YYDH };
      return {
        outcome: 'rejected',
        reason: 'other',
        message: `WBDH ${req.reference} is cancelled 预约 ${row.YYDH}`,
      };
    }
    const reason = REFUSALS.get(answer.code) ?? (OTHER_REFUSALS.has(answer.code) ? 'other' : undefined);
    if (reason) return { outcome: 'rejected', reason, message: answer.message };
    throw this.unknownCode(TRADE_BOOK, answer, true);
  }

  async lookup(reference: string, signal?: AbortSignal): Promise<LookupResult> {
    const row = await this.query(reference, signal);
    if (!row) return { found: false };
    return { found: true, hospitalBookingId: row.YYDH, status: YYZT[row.YYZT] };
  }

  /** 2003 first (a read, so whether it was already cancelled is known), then 2002 when it is booked. */
  async cancel(reference: string, signal?: AbortSignal): Promise<CancelResult> {
    const current = await this.query(reference, signal);
    if (!current) return { outcome: 'not_found' };
    if (current.YYZT === '2')
      return { outcome: 'cancelled', hospitalBookingId: current.YYDH, alreadyCancelled: true };
    const answer = await this.call(TRADE_CANCEL, { WBDH: reference }, true, signal);
    if (answer.code === NOT_FOUND) return { outcome: 'not_found' };
    if (answer.code === 0) {
      const row = this.row(answer, reference);
      if (row.YYZT !== '2') throw malformed(this.upstream, `2002 left 预约 ${row.YYDH} in state ${row.YYZT}`);
      return { outcome: 'cancelled', hospitalBookingId: row.YYDH, alreadyCancelled: false };
    }
    // A business refusal (e.g. past the 退号 deadline) is definite; -1/-2 (our request) and -9x are not.
    if (answer.code > -90 && !OTHER_REFUSALS.has(answer.code))
      return { outcome: 'rejected', message: answer.message };
    throw this.unknownCode(TRADE_CANCEL, answer, true);
  }

  private async query(reference: string, signal?: AbortSignal) {
    const answer = await retryRead(
      () => this.call(TRADE_QUERY, { WBDH: reference }, false, signal),
      this.attempts,
      signal,
    );
    if (answer.code === NOT_FOUND) return undefined;
    if (answer.code !== 0) throw this.unknownCode(TRADE_QUERY, answer, false);
    return this.row(answer, reference);
  }

  private async call(
    trade: string,
    fields: Record<string, string>,
    write: boolean,
    signal?: AbortSignal,
  ): Promise<HisAnswer> {
    const res = await bookingRequest(
      this.http,
      this.upstream,
      {
        method: 'POST',
        url: this.config.baseUrl,
        ...hisRequest(trade, fields, this.config.encoding),
        signal,
      },
      write,
    );
    if (res.status !== 200) throw unexpectedStatus(this.upstream, res, write);
    return this.parse(res);
  }

  private parse(res: FeedResponse): HisAnswer {
    expectContentType(this.upstream, res, XML_TYPE);
    const root = readHisResponse(this.upstream, res);
    const head = fieldsOf(root);
    const code = ResultCode.safeParse(head.FHDM);
    if (!code.success) throw malformed(this.upstream, `no result code FHDM (${zodReason(code.error)})`);
    const rows = (root.children.find((c) => c.name === 'YYXX')?.children ?? []).filter(
      (c) => c.name === 'ROW',
    );
    if (rows.length > 1) throw malformed(this.upstream, `${rows.length} 预约 rows in one answer`);
    const answer: HisAnswer = { code: code.data, message: (head.FHXX ?? '').slice(0, 200) };
    if (rows[0]) {
      const row = HisBookingRow.safeParse(fieldsOf(rows[0]));
      if (!row.success) throw malformed(this.upstream, `bad YYXX row (${zodReason(row.error)})`);
      answer.row = row.data;
    }
    return answer;
  }

  private row(answer: HisAnswer, reference: string) {
    if (!answer.row) throw malformed(this.upstream, 'FHDM 0 without a YYXX row');
    expectReference(this.upstream, answer.row.WBDH, reference);
    return answer.row;
  }

  /** -98 throttled, -99 system error, or a code the doc does not list: the outcome is unknown. */
  private unknownCode(trade: string, answer: HisAnswer, write: boolean): UpstreamError {
    const message = `HIS ${trade}: FHDM ${answer.code} ${answer.message}`;
    return new UpstreamError(
      this.upstream,
      'status',
      message,
      !write && TRANSIENT_CODES.has(answer.code),
      200,
    );
  }
}
