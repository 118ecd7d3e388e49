import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';

const MIGRATION_LOCK = 730_202_511; // any constant shared by every Hookpost process

/** Creates the database named in the URL if it does not exist. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  await withServer(databaseUrl, async (client, name) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return;
    await client.query(`create database ${quoteIdent(name)}`).catch((error: { code?: string }) => {
      // Another process created it first: 42P04 once it exists, 23505 while both were creating it.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    });
  });
}

/** Drops the database named in the URL (tests use it to clean up after themselves). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  await withServer(databaseUrl, (client, name) =>
    client.query(`drop database if exists ${quoteIdent(name)} with (force)`),
  );
}

/** Runs pending migrations; an advisory lock keeps several starting processes from racing. */
export async function migrate(orm: MikroORM, databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.getMigrator().up();
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/** Connects to the server's `postgres` database to act on the database the URL names. */
async function withServer<T>(
  databaseUrl: string,
  act: (client: Client, name: string) => Promise<T>,
): Promise<T> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await act(client, name);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
