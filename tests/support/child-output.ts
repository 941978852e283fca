import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Collects a child process's output line by line into `logs` and resolves with the first value
 * `pick` finds in a stdout line (the URL a server announces); rejects with the output if the child
 * exits first.
 */
export function firstLine<T>(
  child: ChildProcessWithoutNullStreams,
  logs: string[],
  pick: (line: string) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const found = pick(line);
        if (found !== undefined) resolve(found);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`process exited early (${code}):\n${logs.join('\n')}`)));
  });
}

/** The URL in a pino line `{"msg":"BFF listening","url":…}`, for firstLine. */
export function listeningUrl(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    return entry.msg === 'BFF listening' && entry.url ? entry.url : undefined;
  } catch {
    return undefined; // not JSON
  }
}
