import { randomUUID } from 'node:crypto';
import type { AccessLogEntry } from '@jiankang/shared';
import { groupedCreate } from '../../lib/group-insert';
import type { ReportAccessDoc, ReportModels } from '../../models/reports';

export type AccessEvent = Omit<ReportAccessDoc, '_id' | 'at'>;

const PAGE = 100;

/**
 * Every list, view, trend and export of a patient's reports, for the resident to read. Appends
 * are inserts, grouped under load (the hot path); reading filters by patient through its index; only the
 * resident's log page reads.
 */
export class ReportAccessLog {
  /** Many residents' lists at once share one write (group commit); each still waits for its own. */
  private readonly insert: (doc: ReportAccessDoc) => Promise<void>;

  constructor(
    private readonly models: Pick<ReportModels, 'Access'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = groupedCreate(models.Access);
  }

  async append(event: AccessEvent): Promise<void> {
    const at = this.now();
    await this.insert({
      _id: `${event.patientId}#${at.getTime()}#${randomUUID()}`,
      ...event,
      at,
    });
  }

  /** The newest entries first, at most one page. */
  async list(patientId: string): Promise<AccessLogEntry[]> {
    const docs = await this.models.Access.find({ patientId })
      .sort({ at: -1, _id: -1 })
      .limit(PAGE)
      .lean()
      .exec();
    return docs.map((d) => ({
      action: d.action,
      at: d.at.toISOString(),
      ...(d.reportId && { reportId: d.reportId }),
      ...(d.hospitalId && { hospitalId: d.hospitalId }),
      ...(d.detail && { detail: d.detail }),
    }));
  }
}
