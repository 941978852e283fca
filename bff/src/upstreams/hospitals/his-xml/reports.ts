import type { AxiosInstance } from 'axios';
import { toBeijingIso, type ReportDetail, type ReportType } from '@jiankang/shared';
import { UpstreamError } from '../../../lib/upstream-error';
import { createFeedHttp, expectContentType, sendRaw, statusError } from '../common/http';
import { hisRequest, readHisResponse } from './client';
import { ResultCode, TRANSIENT_CODES } from './slot-schemas';
import { parseBeijingWallClock } from '../common/time';
import { fieldsOf } from './xml';
import { SkipCounter } from '../common/skipped';
import {
  DEFAULT_MAX_ATTACHMENT_BYTES,
  DEFAULT_REPORT_BODY_BYTES,
  MAX_ITEMS_PER_REPORT,
  abnormalCount,
  attachmentOf,
  itemProblems,
  labItem,
  reportId,
  reportUpstream,
  summaryOf,
  type ReportList,
  type ReportQuery,
  type ReportSource,
  type ReportSourceConfig,
} from '../common/report-source';

const XML_TYPE = /^(text|application)\/xml\b/i;
/** 交易代码 (docs/upstreams/reports.md §3). */
const TRADES = {
  lab: { list: '3001', listTag: 'JYBG', detail: '3002', detailTag: 'JYMX' },
  imaging: { list: '3003', listTag: 'JCBG', detail: '3004', detailTag: 'JCBG' },
} as const;
/** 报告不存在: an unknown BGDH, or a lab id sent to the exam trade and the reverse. */
const NOT_FOUND = -31;

type Row = Record<string, string>;

/** A legacy HIS: 3001/3003 lists by 患者主索引号, 3002/3004 details by 报告单号, in the HIS's charset. */
export class HisReportSource implements ReportSource {
  readonly hospitalId: string;
  private readonly http: AxiosInstance;
  private readonly upstream: string;
  private readonly cap: number;

  constructor(private readonly config: ReportSourceConfig) {
    this.hospitalId = config.id;
    this.upstream = reportUpstream(config.id);
    this.cap = config.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
    this.http = createFeedHttp({ ...config, maxBodyBytes: config.maxBodyBytes ?? DEFAULT_REPORT_BODY_BYTES });
  }

  async list(masterId: string, q: ReportQuery, signal?: AbortSignal): Promise<ReportList> {
    const skipped = new SkipCounter();
    const types: ReportType[] = q.type ? [q.type] : ['lab', 'imaging'];
    const fields = { HZID: masterId, ...(q.from && { KSRQ: q.from }), ...(q.to && { JSRQ: q.to }) };
    const perType = await Promise.all(
      types.map(async (type) => {
        const rows = (await this.trade(TRADES[type].list, TRADES[type].listTag, fields, signal)) ?? [];
        // A lab list row has no results, and the summary's abnormal count needs them.
        const details = await Promise.all(rows.map((row) => this.detail(type, row, signal)));
        details.forEach((d, i) => {
          if (d === null)
            skipped.add(
              `${TRADES[type].listTag}/${(rows[i]?.BGDH ?? '').slice(0, 64)}: no report number or date`,
            );
        });
        return details.filter((d): d is ReportDetail => d !== null).map(summaryOf);
      }),
    );
    const reports = perType.flat().sort((a, b) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt));
    return { reports, skipped: skipped.result(), withdrawn: 0 };
  }

  async get(masterId: string, sourceId: string, signal?: AbortSignal): Promise<ReportDetail | null> {
    // Only the list trades carry a report's header, and they are the ownership check too.
    for (const type of ['lab', 'imaging'] as const) {
      const rows = await this.trade(TRADES[type].list, TRADES[type].listTag, { HZID: masterId }, signal);
      const row = rows?.find((r) => r.BGDH === sourceId);
      if (row) return this.detail(type, row, signal);
    }
    return null;
  }

  /** The detail trade for one list row, merged with it; null when the row or detail is unusable. */
  private async detail(type: ReportType, row: Row, signal?: AbortSignal): Promise<ReportDetail | null> {
    const sourceId = row.BGDH;
    const issued = parseBeijingWallClock(row.BGSJ ?? '') ?? parseBeijingWallClock(row.CJSJ ?? row.JCSJ ?? '');
    if (!sourceId || !issued) return null;
    const t = TRADES[type];
    const rows = await this.trade(t.detail, t.detailTag, { BGDH: sourceId }, signal);
    const problems: string[] = rows === null ? ['the hospital no longer has this report'] : [];
    const head = {
      id: reportId(this.hospitalId, sourceId),
      hospitalId: this.hospitalId,
      type,
      issuedAt: toBeijingIso(issued),
      ...(row.KDKS && { department: row.KDKS }),
    };
    if (type === 'lab') {
      const items = (rows ?? []).slice(0, MAX_ITEMS_PER_REPORT).map((x) =>
        labItem({
          code: x.XMDM,
          name: x.XMMC || x.XMDM || '未命名项目',
          value: x.JG,
          unit: x.DW,
          rangeText: x.CKFW,
          hospitalFlag: x.YCBZ,
        }),
      );
      problems.push(...itemProblems(items));
      return { ...head, title: row.BGMC || '检验报告', abnormalCount: abnormalCount(items), problems, items };
    }
    const exam = rows?.[0] ?? {};
    const attachment = exam.BGWJ
      ? attachmentOf(exam.WJLX, Buffer.byteLength(exam.BGWJ, 'base64'), this.cap)
      : undefined;
    if (attachment?.problem) problems.push(attachment.problem);
    return {
      ...head,
      title: row.JCMC || '检查报告',
      abnormalCount: 0,
      problems,
      items: [],
      ...(exam.YXSJ && { findings: exam.YXSJ }),
      ...(exam.ZDYJ && { conclusion: exam.ZDYJ }),
      ...(attachment && { attachment }),
    };
  }

  /** One trade's `<ROW>`s under `listTag`; null for 报告不存在. Other FHDM ≠ 0 are UpstreamErrors. */
  private async trade(
    trade: string,
    listTag: string,
    fields: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Row[] | null> {
    const res = await sendRaw(this.http, this.upstream, {
      method: 'POST',
      url: this.config.baseUrl,
      ...hisRequest(trade, fields, this.config.encoding),
      signal,
    });
    if (res.status !== 200) throw statusError(this.upstream, res);
    expectContentType(this.upstream, res, XML_TYPE);
    const root = readHisResponse(this.upstream, res);
    const head = fieldsOf(root);
    const code = ResultCode.safeParse(head.FHDM);
    if (!code.success)
      throw new UpstreamError(this.upstream, 'malformed', `HIS ${trade}: no result code FHDM`, false);
    if (code.data === NOT_FOUND) return null;
    if (code.data !== 0) {
      const message = `HIS ${trade} refused: FHDM ${code.data} ${(head.FHXX ?? '').slice(0, 100)}`;
      throw new UpstreamError(this.upstream, 'status', message, TRANSIENT_CODES.has(code.data), res.status);
    }
    const list = root.children.find((c) => c.name === listTag);
    return (list?.children ?? []).filter((c) => c.name === 'ROW').map(fieldsOf);
  }
}
