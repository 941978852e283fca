import mongoose, { type Connection } from 'mongoose';

/**
 * One connection per runtime (not mongoose's global), so tests can run several BFFs with their
 * own databases in one process.
 */
export async function connectDatabase(uri: string, dbName: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5_000,
    maxPoolSize: 20,
    // FerretDB and MongoDB alike: never build indexes implicitly on first use in production paths.
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

export async function pingDatabase(conn: Connection, timeoutMs: number): Promise<void> {
  const db = conn.db;
  if (!db) throw new Error('database not connected');
  await Promise.race([
    db.command({ ping: 1 }),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
    ),
  ]);
}
