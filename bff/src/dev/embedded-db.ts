import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { buildFerretDb, ferretDbBinaryPath, hasGo } from './ferretdb-binary';

export interface EmbeddedDatabase {
  kind: 'ferretdb' | 'mongodb-memory-server';
  uri: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`FerretDB did not listen on ${port} within ${timeoutMs} ms`);
}

async function startFerretDb(binary: string, dataDir: string): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitForPort(port, child, 20_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    kind: 'ferretdb',
    uri: `mongodb://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

async function startMemoryServer(): Promise<EmbeddedDatabase> {
  // Loaded lazily: only machines without Go need it, and it wants a mongod binary
  // (MONGOMS_SYSTEM_BINARY, or a download it makes on first use where the network allows).
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create();
  return {
    kind: 'mongodb-memory-server',
    uri: server.getUri(),
    stop: async () => {
      await server.stop();
    },
  };
}

/**
 * A database for `npm start` and `npm test` when MONGODB_URI is unset: FerretDB (SQLite backend,
 * data in `dataDir`) when its binary is cached or Go can build it, else mongodb-memory-server.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const binary = ferretDbBinaryPath();
  if (existsSync(binary) || hasGo()) {
    return startFerretDb(buildFerretDb(log), dataDir);
  }
  log('Go not found and no FerretDB binary cached: falling back to mongodb-memory-server');
  try {
    return await startMemoryServer();
  } catch (err) {
    throw new Error(
      `no database: set MONGODB_URI, install Go (to build FerretDB), or set MONGOMS_SYSTEM_BINARY to a mongod (${(err as Error).message})`,
    );
  }
}
