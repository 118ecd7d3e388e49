import { removeLeftoverPostgres } from './own-postgres';
import { removeLeftoverRedis } from './own-redis';

/** Stops and deletes any server of this run that a failed test file did not remove itself. */
export default async function faultsGlobalTeardown(): Promise<void> {
  await Promise.all([removeLeftoverPostgres(), removeLeftoverRedis()]);
}
