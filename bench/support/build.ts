import { execFileSync } from 'node:child_process';
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
