import type { PatientModels } from '../../models/patients';
import { isDuplicateKey } from '../../models/push';

/**
 * The patient rules as unique inserts (DESIGN.md, Data). A claim taken during a request is
 * remembered, so a refusal further on can give them all back in reverse and leave nothing
 * half-written.
 */
export class ClaimSet {
  private readonly taken: string[] = [];

  constructor(
    private readonly models: PatientModels,
    private readonly accountId: string,
    private readonly patientId: string,
    private readonly now: Date,
  ) {}

  /** true when this patient now holds `id`; false when another patient does. */
  async take(id: string): Promise<boolean> {
    try {
      await this.models.PatientClaim.create({
        _id: id,
        patientId: this.patientId,
        accountId: this.accountId,
        createdAt: this.now,
      });
      this.taken.push(id);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The first free of `ids`, tried in order; null when every one is held. */
  async takeFirstFree(ids: readonly string[]): Promise<string | null> {
    for (const id of ids) if (await this.take(id)) return id;
    return null;
  }

  /** Gives back what this request took, newest first. */
  async undo(): Promise<void> {
    for (const id of this.taken.splice(0).reverse()) await release(this.models, [id], this.patientId);
  }
}

/** Deletes the claims this patient holds among `ids` (a successor's claim with the same id stays). */
export async function release(
  models: PatientModels,
  ids: readonly string[],
  patientId: string,
): Promise<void> {
  for (const _id of ids) await models.PatientClaim.deleteOne({ _id, patientId }).exec();
}

/** Free seats first: the set of `acc#slotN` ids held, read once, so a full account is not 5 inserts. */
export async function heldClaimIds(models: PatientModels, ids: readonly string[]): Promise<Set<string>> {
  const rows = await models.PatientClaim.find({ _id: { $in: [...ids] } }, { _id: 1 })
    .lean<{ _id: string }[]>()
    .exec();
  return new Set(rows.map((r) => r._id));
}
