import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { discoverConnectors } from '../apps/server/src/discovery/connector-discovery';
import { Receiver } from './support/receiver';
import { createReportWebhook, publishReport } from './support/report-events';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = realpathSync(join(__dirname, '..'));
const PROJECT_NODE_MODULES = join(ROOT, 'node_modules');

/**
 * A new connector made the way its guide starts one: `connectors/http` copied, renamed (package and type)
 * and edited into `into`. Returns its folder.
 */
function copyHttpConnector(into: string, name: string, type: string): string {
  cpSync(join(ROOT, 'connectors', 'http'), into, { recursive: true });
  edit(join(into, 'package.json'), '"@hookpost/connector-http"', JSON.stringify(name));
  edit(join(into, 'src', 'http.connector.ts'), "type: 'http'", `type: '${type}'`);
  return into;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** What `npm install` does for a workspace: a link in node_modules to its folder. */
function linkWorkspace(nodeModules: string, name: string, folder: string): void {
  mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
  symlinkSync(folder, join(nodeModules, name));
}

/**
 * What publishing and `npm install <package>` do: the package's TypeScript compiled to `dist/` (by the
 * package's own build, here TypeScript's transpiler), `main` pointing there, a plain folder in node_modules.
 */
function publishAndInstall(source: string, nodeModules: string, name: string): void {
  const folder = join(nodeModules, name);
  mkdirSync(join(folder, 'dist'), { recursive: true });
  for (const file of readdirSync(join(source, 'src')).filter((f) => !f.endsWith('.spec.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(join(source, 'src', file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(folder, 'dist', file.replace(/\.ts$/, '.js')), outputText);
  }
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ ...manifest, main: 'dist/index.js' }));
}

describe('Connector discovery', () => {
  let project: string;
  const nodeModules = () => join(project, 'node_modules');

  beforeEach(() => {
    project = realpathSync(mkdtempSync(join(tmpdir(), 'hookpost-project-')));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  describe('a new connector, once installed', () => {
    let t: TestApp;
    let receiver: Receiver;

    beforeEach(async () => {
      const relay = copyHttpConnector(
        join(project, 'connectors', 'relay'),
        '@acme/hookpost-connector-relay',
        'relay',
      );
      linkWorkspace(nodeModules(), '@acme/hookpost-connector-relay', relay);
      const npm = copyHttpConnector(
        join(project, 'src-npm'),
        '@acme/hookpost-connector-relay-npm',
        'relay-npm',
      );
      publishAndInstall(npm, nodeModules(), '@acme/hookpost-connector-relay-npm');
      // Exports a connector, but its package.json does not declare one.
      const stowaway = copyHttpConnector(join(project, 'src-stowaway'), 'stowaway', 'stowaway');
      edit(join(stowaway, 'package.json'), '"hookpost"', '"unrelated"');
      publishAndInstall(stowaway, nodeModules(), 'stowaway');

      const connectors = discoverConnectors([PROJECT_NODE_MODULES, nodeModules()]);
      t = await startTestApp({}, undefined, connectors);
      receiver = await Receiver.start(() => ({ status: 204 }));
    });
    afterEach(async () => {
      await receiver.close();
      await t.close();
    });

    it('is offered beside the built-in ones; a package that does not declare itself is not', async () => {
      const res = await t.api().get('/api/internal/connectors').expect(200);
      const types: string[] = res.body.map((connector: { type: string }) => connector.type);
      expect(types).toEqual(expect.arrayContaining(['http', 'relay', 'relay-npm', 'slack']));
      expect(types).not.toContain('stowaway');
      expect(types).toEqual([...types].sort()); // by type, whatever the order of the folders
    });

    it.each(['relay', 'relay-npm'])('delivers through a %s webhook', async (type) => {
      await createReportWebhook(t, type, `${receiver.url}/hook`, `client-${type}`);
      await publishReport(t, `client-${type}`);

      const [request] = await receiver.waitFor(1);
      expect(request.path).toBe('/hook');
      expect(JSON.parse(request.body)).toMatchObject({
        event: 'ReportPublished',
        targetCuid: 'report-cuid-7',
        text: 'Report published: Acme <Corp>||Q3 Pentest', // the generic connector escapes nothing
      });
    });
  });

  it('refuses a type a second package offers, in one line naming both', () => {
    const fork = copyHttpConnector(join(project, 'connectors', 'fork'), '@acme/slack-fork', 'slack');
    linkWorkspace(nodeModules(), '@acme/slack-fork', fork);

    expect(() => discoverConnectors([PROJECT_NODE_MODULES, nodeModules()])).toThrow(
      new Error(
        `Connector type "slack" is offered by two packages: @hookpost/connector-slack (${ROOT}/connectors/slack) ` +
          `and @acme/slack-fork (${fork})`,
      ),
    );
  });
});
