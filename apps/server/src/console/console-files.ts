import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the built console lives: `apps/console/dist` under the repository root, found by walking up
 * from this file, so it works from the TypeScript sources (tests) and from the compiled `dist/` alike.
 */
export function findConsoleDist(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'console', 'dist');
    if (existsSync(join(dir, 'apps', 'console'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
