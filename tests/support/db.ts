import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';

export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri)
    throw new Error('MONGODB_URI not set: run tests through jest (its global setup starts a database)');
  return uri;
}

/** Each test file gets a database of its own, so files can run in parallel. */
export function uniqueDbName(prefix = 'jk_test'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function dropDatabase(dbName: string): Promise<void> {
  const conn = await mongoose.createConnection(testMongoUri(), { dbName }).asPromise();
  try {
    await conn.dropDatabase();
  } finally {
    await conn.close();
  }
}
