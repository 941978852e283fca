import type { SlotDoc } from '../../models/slots';

type Listener = (hospitalId: string, docs?: readonly SlotDoc[]) => Promise<void> | void;

/**
 * Where writes of a hospital's slots (a poll or a push) are announced, so the in-memory slot
 * index reloads that hospital before the writer answers.
 */
export class SlotChanges {
  private readonly listeners = new Set<Listener>();

  /** `docs`: the slots as written, when the writer has them (a push); otherwise reload all. */
  async changed(hospitalId: string, docs?: readonly SlotDoc[]): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener(hospitalId, docs)));
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
