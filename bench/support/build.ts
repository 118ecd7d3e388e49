import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const PROJECT = join(ROOT, 'bench', 'tsconfig.json');

/** Where the compiled service and the benchmark's process entry live (bench/tsconfig.json). */
export const BUILT_SERVICE = join(ROOT, 'dist-bench', 'bench', 'service.process.js');

/**
 * Compiles the service as `npm run build` does (tsc, then path aliases), with the benchmark's entry
 * beside it: Hookpost then runs as compiled JavaScript, as `npm start` runs it, not under a loader.
 */
export function buildService(): void {
  for (const bin of ['typescript/bin/tsc', 'tsc-alias/dist/bin/index.js']) {
    execFileSync(process.execPath, [require.resolve(bin), '-p', PROJECT], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** The Node flags `npm start` runs the server with (package.json), so the benchmark runs it alike. */
export function startNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const flags = /\bnode ((?:--\S+ )*)dist\/apps\/server\/src\/main\.js/.exec(scripts.start);
  if (!flags) throw new Error('package.json: the start script no longer runs dist/apps/server/src/main.js');
  return flags[1].split(' ').filter(Boolean);
}
