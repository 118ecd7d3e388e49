import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const PROJECT = join(__dirname, '../../../..');

/**
 * Runs in a child Node with ts-node registered, as a server started from the sources would be: there a
 * `.ts` main would load as TypeScript, so getting the compiled twin proves the mapping, not a fallback.
 */
function requireCompiled(root: string, packages: string[]): unknown {
  const script = `
    require(${JSON.stringify(join(__dirname, 'compiled-workspaces.ts'))})
      .useCompiledWorkspaces(${JSON.stringify(root)}, ${JSON.stringify(join(root, 'dist'))});
    const load = (name) => { try { return require(name); } catch (error) { return error.message; } };
    console.log(JSON.stringify(${JSON.stringify(packages)}.map((name) => load(${JSON.stringify(root)} + '/node_modules/' + name))));`;
  const output = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: PROJECT,
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: join(PROJECT, 'tsconfig.json') },
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

describe('useCompiledWorkspaces', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  /** A workspace package whose main is TypeScript, linked into node_modules as npm links it. */
  const workspace = (folder: string, name: string) => {
    write(`${folder}/package.json`, JSON.stringify({ name, main: 'src/index.ts' }));
    write(`${folder}/src/index.ts`, 'export const compiled: boolean = false;');
    mkdirSync(dirname(join(root, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, folder), join(root, 'node_modules', name));
  };

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'hookpost-compiled-')));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("loads a workspace's compiled twin, also as the peer dependency of a package installed from npm", () => {
    workspace('libs/sdk', '@test/sdk');
    write('dist/libs/sdk/src/index.js', 'exports.compiled = true;');
    workspace('connectors/echo', '@test/connector-echo');
    write('dist/connectors/echo/src/index.js', 'exports.compiled = true;');
    write(
      'node_modules/published/package.json',
      JSON.stringify({ name: 'published', main: 'dist/index.js' }),
    );
    write('node_modules/published/dist/index.js', "exports.sdk = require('@test/sdk');");

    expect(requireCompiled(root, ['@test/connector-echo', 'published'])).toEqual([
      { compiled: true },
      { sdk: { compiled: true } },
    ]);
  });

  it('names the missing build when a workspace was not compiled', () => {
    workspace('connectors/new', '@test/connector-new');

    expect(requireCompiled(root, ['@test/connector-new'])).toEqual([
      'connectors/new/src/index.ts has no compiled dist/connectors/new/src/index.js: run npm run build',
    ]);
  });
});
