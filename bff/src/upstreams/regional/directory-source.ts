import type { Doctor, HospitalDetail } from '@jiankang/shared';

export interface SkippedRecords {
  count: number;
  /** A few reasons, for the sync log; never whole records (they may one day hold personal data). */
  samples: string[];
}

export interface DirectorySnapshot {
  hospitals: HospitalDetail[];
  doctors: Doctor[];
  skipped: SkippedRecords;
}

/** Where the hospital directory comes from. Today the regional platform; the sync does not care. */
export interface DirectorySource {
  fetchDirectory(): Promise<DirectorySnapshot>;
  /** Resolves when the source answers a trivial signed request within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
}
