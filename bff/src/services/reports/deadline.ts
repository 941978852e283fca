import { UpstreamError } from '../../lib/upstream-error';

export type Outcome<T> = { ok: true; value: T } | { ok: false; timeout: boolean; message: string };

/**
 * Runs `work` until `deadlineAt` (epoch ms). Past it the work is aborted through its signal and
 * the caller gets a timeout at once: a hung hospital costs the deadline, not its own socket timeout.
 */
export async function within<T>(
  deadlineAt: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<Outcome<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(
      () => {
        controller.abort();
        resolve({ ok: false, timeout: true, message: 'no answer within the deadline' });
      },
      Math.max(0, deadlineAt - Date.now()),
    );
  });
  const done = work(controller.signal).then(
    (value): Outcome<T> => ({ ok: true, value }),
    (err: unknown): Outcome<T> => ({ ok: false, timeout: isTimeout(err), message: messageOf(err) }),
  );
  try {
    return await Promise.race([done, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof UpstreamError && err.kind === 'timeout';
}

/** A short reason for the resident's list, by kind: upstream messages can carry URLs and hosts. */
function messageOf(err: unknown): string {
  if (!(err instanceof UpstreamError)) return 'unexpected failure';
  switch (err.kind) {
    case 'timeout':
      return 'the hospital did not answer in time';
    case 'status':
      return `the hospital answered HTTP ${err.status ?? 'error'}`;
    case 'malformed':
      return 'the hospital’s answer could not be read';
    case 'circuit_open':
      return 'the hospital is failing; not asked for a while';
    default:
      return 'the hospital could not be reached';
  }
}
