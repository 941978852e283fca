import type { IndexedSlot } from '../../models/slots';

/** What was written: the whole snapshot of the hospital (complete) or just these slots. */
export interface SlotChange {
  docs: readonly IndexedSlot[];
  complete: boolean;
}

type Listener = (hospitalId: string, change?: SlotChange) => Promise<void> | void;

/**
 * Where writes of a hospital's slots (a poll or a push) are announced, so the in-memory slot
 * index reloads that hospital before the writer answers.
 */
export class SlotChanges {
  private readonly listeners = new Set<Listener>();

  /** `change`: what was written, when the writer has it; without it readers reload the hospital. */
  async changed(hospitalId: string, change?: SlotChange): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener(hospitalId, change)));
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
