import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * In a child process: openapi-typescript loads ES modules, which Jest's module system cannot.
 * The same check runs in `npm run lint`.
 */
describe("the console's API types", () => {
  it('are generated from the current OpenAPI document (else run `npm run openapi`)', () => {
    const root = join(__dirname, '../..');
    const check = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'scripts/openapi/generate-api-types.ts',
        '--check',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
