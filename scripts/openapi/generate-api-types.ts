import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { API_TYPES_FILE, renderApiTypes } from './api-types';

/**
 * `npm run openapi` writes the console's API types; `npm run openapi -- --check` (part of
 * `npm run lint`) only says whether the committed file is current, and fails if it is not.
 */
async function main(): Promise<void> {
  const fresh = await renderApiTypes();
  const name = relative(process.cwd(), API_TYPES_FILE);
  if (!process.argv.includes('--check')) {
    writeFileSync(API_TYPES_FILE, fresh);
    console.warn(`Wrote ${name}`);
    return;
  }
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  if (committed !== fresh) {
    console.error(`${name} is stale: the API changed. Run \`npm run openapi\` and commit the result.`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
