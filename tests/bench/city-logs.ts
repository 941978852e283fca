import { randomUUID } from 'node:crypto';
import type { AccessAction } from '@jiankang/shared';
import type { RecordsConsentDoc, ReportAccessDoc } from '../../bff/src/models/reports';
import type { ScanEntryDoc, ScanHeadDoc } from '../../bff/src/models/scan-log';
import { encodeReportRef } from '../../bff/src/services/reports/report-ref';
import {
  GENESIS_HASH,
  chainOfCard,
  entryId,
  scanEntryHash,
} from '../../bff/src/services/health-card/scan-log';
import type { Resident } from './city-people';

/**
 * A resident's past in the two logs, written as the services append them: the clinic scan log
 * as a hash chain of their card (`card:<cardRef>#1..k`, each entry's SM3 over the previous, so
 * `npm run scanlog:verify` accepts it) with the chain-end hint, and the report access log with the
 * 共享调阅 consent that let those reads happen.
 */

const DAY_MS = 86_400_000;
const SCENES = ['registration', 'triage', 'pharmacy', 'payment'] as const;
const ACTIONS: readonly AccessAction[] = ['list', 'view', 'list', 'view', 'trend'];

export function scanChain(
  r: Resident,
  entries: number,
  hospitalIds: readonly string[],
  now: Date,
): { entries: ScanEntryDoc[]; head: ScanHeadDoc | null } {
  const chainId = chainOfCard(r.card._id);
  const out: ScanEntryDoc[] = [];
  let prevHash = GENESIS_HASH;
  const first = now.getTime() - (entries + 30) * DAY_MS;
  for (let seq = 1; seq <= entries; seq += 1) {
    const fields = {
      at: new Date(first + seq * DAY_MS + (seq % 8) * 3_600_000),
      hospitalId: hospitalIds[(seq + r.card._id.charCodeAt(0)) % hospitalIds.length] as string,
      terminalId: `T${String(1 + (seq % 12)).padStart(2, '0')}`,
      scene: SCENES[seq % SCENES.length] as string,
      codeKind: seq % 9 === 0 ? ('static' as const) : ('dynamic' as const),
      result: 'ok',
    };
    const hash = scanEntryHash(prevHash, { chainId, seq, ...fields });
    out.push({ _id: entryId(chainId, seq), chainId, seq, ...fields, prevHash, hash });
    prevHash = hash;
  }
  const last = out.at(-1);
  return { entries: out, head: last ? { _id: chainId, seq: last.seq, hash: last.hash } : null };
}

export function accessTrail(
  r: Resident,
  entries: number,
  consentVersion: string,
  hospitalIds: readonly string[],
  now: Date,
): { entries: ReportAccessDoc[]; consent: RecordsConsentDoc | null } {
  const patientId = r.patient._id;
  const accountId = r.account._id;
  const first = now.getTime() - (entries + 10) * DAY_MS;
  const out: ReportAccessDoc[] = [];
  for (let i = 0; i < entries; i += 1) {
    const at = new Date(first + i * DAY_MS);
    const action = ACTIONS[i % ACTIONS.length] as AccessAction;
    const hospitalId = hospitalIds[i % hospitalIds.length] as string;
    out.push({
      _id: `${patientId}#${at.getTime()}#${randomUUID()}`,
      patientId,
      accountId,
      action,
      ...(action === 'view' && {
        hospitalId,
        reportId: encodeReportRef({ patientId, hospitalId, sourceId: `LAB${at.getTime().toString(36)}` }),
      }),
      ...(action === 'list' && { detail: '' }),
      ...(action === 'trend' && { detail: 'code=GLU' }),
      at,
    });
  }
  const consent: RecordsConsentDoc | null =
    entries > 0
      ? {
          _id: `${patientId}#${consentVersion}`,
          patientId,
          accountId,
          version: consentVersion,
          acceptedAt: new Date(first - DAY_MS),
        }
      : null;
  return { entries: out, consent };
}
