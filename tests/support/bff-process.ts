import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { firstLine, listeningUrl } from './child-output';

const REPO = path.resolve(__dirname, '../..');

export interface BffProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  logs: string[];
  exited: Promise<void>;
  /** SIGKILL: no shutdown, no lease handed back, as a crashed replica. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown of bff/src/server.ts. */
  stop(): Promise<void>;
}

/** `bff/src/server.ts` in a process of its own with this environment; resolves once it listens. */
export async function startBffProcess(env: Record<string, string>): Promise<BffProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/server.ts'], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
  });
  const logs: string[] = [];
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await firstLine(child, logs, listeningUrl);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { child, url, logs, exited, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
