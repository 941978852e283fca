import type { Seed } from '../lib/prng';
import type { SimReport } from './types';

/**
 * Reports a test registered through a hospital's admin API (`POST /__admin/reports`). One
 * registry per process, shared by the hospital simulators and the regional platform's report
 * index, because they run in one process (npm start, jest) and the index must list what the
 * hospitals hold. Keyed by seed as well as hospital, like everything seeded.
 */
export class ExplicitReports {
  private readonly byHospital = new Map<string, Map<string, SimReport>>();
  private sequence = 0;

  private key = (seed: Seed, hospitalId: string) => `${String(seed)}\n${hospitalId}`;

  /** A fresh report number for a report registered without one. */
  nextId(): string {
    this.sequence += 1;
    return `X${String(this.sequence).padStart(6, '0')}`;
  }

  /** Adds or replaces (same id) a report; true when it is new. */
  put(seed: Seed, report: SimReport): boolean {
    const key = this.key(seed, report.hospitalId);
    const reports = this.byHospital.get(key) ?? new Map<string, SimReport>();
    const created = !reports.has(report.id);
    reports.set(report.id, report);
    this.byHospital.set(key, reports);
    return created;
  }

  get(seed: Seed, hospitalId: string, id: string): SimReport | undefined {
    return this.byHospital.get(this.key(seed, hospitalId))?.get(id);
  }

  list(seed: Seed, hospitalId: string, masterId: string): SimReport[] {
    const reports = this.byHospital.get(this.key(seed, hospitalId))?.values() ?? [];
    return [...reports].filter((r) => r.masterId === masterId);
  }

  /** Hospitals that hold at least one registered report under this seed. */
  hospitals(seed: Seed): string[] {
    const prefix = `${String(seed)}\n`;
    return [...this.byHospital.entries()]
      .filter(([key, reports]) => key.startsWith(prefix) && reports.size > 0)
      .map(([key]) => key.slice(prefix.length));
  }

  clear(seed: Seed, hospitalId: string): void {
    this.byHospital.delete(this.key(seed, hospitalId));
  }
}

export const EXPLICIT_REPORTS = new ExplicitReports();
