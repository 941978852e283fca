import type { ScanListResponse } from '@jiankang/shared';
import { cardSceneName, type CardScene } from '@jiankang/shared/domain';
import { cardOfAccount } from './card-of-account';
import type { HealthCardDeps } from './deps';
import { chainOfCard } from './scan-log';

/** The card's clinic scans, newest first: where, which terminal, what for, when and the answer; never a code. */
export async function listScans(
  deps: HealthCardDeps,
  accountId: string,
  patientId: string,
  limit: number,
): Promise<ScanListResponse> {
  const { card } = await cardOfAccount(deps, accountId, patientId);
  const entries = await deps.scanLog.recent(chainOfCard(card._id), limit);
  return {
    items: entries.map((e) => ({
      at: new Date(e.at).toISOString(),
      hospitalId: e.hospitalId,
      hospitalName: deps.hospitals.hospital(e.hospitalId)?.name ?? null,
      terminalId: e.terminalId,
      scene: e.scene as CardScene,
      sceneName: cardSceneName(e.scene as CardScene),
      codeKind: e.codeKind,
      result: e.result,
    })),
  };
}
