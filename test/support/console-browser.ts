import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..');
// Debian's Chromium (CI installs it with apt-get); playwright-core never downloads a browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the console when apps/console/dist is missing; a stale build is the caller's to refresh. */
export function buildConsoleIfMissing(): void {
  if (existsSync(join(ROOT, 'apps', 'console', 'dist', 'index.html'))) return;
  // Jest sets NODE_ENV=test, which Vite would honour with React's development build.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('npm', ['run', 'build', '-w', 'apps/console'], { cwd: ROOT, stdio: 'inherit', env });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
