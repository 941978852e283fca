import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The clinic scan log: insert-only, one hash chain per card (`card:<cardRef>`), and one per
 * hospital for codes that name no card we can trust (`hospital:<id>`). `_id = <chainId>#<seq>`,
 * so two appenders cannot both take a place in a chain; `hash` covers `prevHash` and the entry.
 */
export interface ScanEntryDoc {
  _id: string;
  chainId: string;
  seq: number;
  at: Date;
  hospitalId: string;
  terminalId: string;
  scene: string;
  codeKind: 'dynamic' | 'static';
  /** `ok` or the error code answered. */
  result: string;
  prevHash: string;
  hash: string;
}

/**
 * The last entry an appender saw in a chain: a hint, never the truth. It only saves reading the
 * (large) log to find where a chain ends; an append still inserts its place and walks on if taken.
 */
export interface ScanHeadDoc {
  _id: string;
  seq: number;
  hash: string;
}

const entrySchema = new Schema<ScanEntryDoc>(
  {
    _id: { type: String, required: true },
    chainId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    hospitalId: { type: String, required: true },
    terminalId: { type: String, required: true },
    scene: { type: String, required: true },
    codeKind: { type: String, required: true },
    result: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'scan_log', versionKey: false },
);
entrySchema.index({ chainId: 1, seq: -1 });

const headSchema = new Schema<ScanHeadDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'scan_heads', versionKey: false },
);

export interface ScanLogModels {
  Entry: Model<ScanEntryDoc>;
  Head: Model<ScanHeadDoc>;
}

export function scanLogModels(conn: Connection): ScanLogModels {
  return {
    Entry:
      (conn.models.ScanEntry as Model<ScanEntryDoc> | undefined) ??
      conn.model<ScanEntryDoc>('ScanEntry', entrySchema),
    Head:
      (conn.models.ScanHead as Model<ScanHeadDoc> | undefined) ??
      conn.model<ScanHeadDoc>('ScanHead', headSchema),
  };
}
