import { nameTestRun } from './global-setup';
import { postgresBinDir, postgresUser } from './own-postgres';
import { redisServerPath } from './own-redis';

/**
 * The fault tests use only servers of their own (see own-postgres.ts, own-redis.ts): this names the
 * run, whose server directories carry the name, and fails fast if the binaries they need are missing.
 */
export default function faultsGlobalSetup(): void {
  nameTestRun();
  postgresBinDir();
  if (process.getuid?.() === 0) postgresUser();
  redisServerPath();
}
