import { chownSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type OwnServerKind = 'postgres' | 'redis';

/**
 * A temporary directory for a server the tests start for themselves, owned by `owner` if given.
 * Its name carries the test run, so the run's global teardown finds what a failed test left behind.
 */
export function makeOwnServerDir(kind: OwnServerKind, owner?: { uid: number; gid: number }): string {
  const dir = mkdtempSync(join(tmpdir(), prefix(kind)));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  return dir;
}

/** This run's directories of that kind that are still there. */
export function leftoverOwnServerDirs(kind: OwnServerKind): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(prefix(kind)))
    .map((name) => join(tmpdir(), name));
}

function prefix(kind: OwnServerKind): string {
  return `hookpost-own-${kind}-${process.env.HOOKPOST_TEST_RUN ?? 'manual'}-`;
}
