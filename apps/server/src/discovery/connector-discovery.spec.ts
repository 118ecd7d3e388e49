import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverConnectors } from './connector-discovery';
import { ConnectorDiscoveryError } from './connector-discovery.error';

/** A connector as CommonJS source, the way a package built for npm ships it. */
const connectorSource = (exportName: string, type: string) =>
  `exports.${exportName} = { type: '${type}', displayName: '${type}', description: 'Test connector.',
     urlHint: 'https://example.com', defaultMessage: '%EVENT_NAME%', render: (message) => ({ body: { message } }) };`;

/** Writes a package folder: its package.json (`manifest` plus its name and main) and its main module. */
function writePackage(dir: string, name: string, manifest: object, main: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, main: 'index.js', ...manifest }));
  writeFileSync(join(dir, 'index.js'), main);
  return dir;
}

describe('discoverConnectors', () => {
  let root: string;
  let nodeModules: string;
  const declared = (exportName: string) => ({ hookpost: { connector: exportName } });
  const install = (name: string, manifest: object, main: string) =>
    writePackage(join(nodeModules, name), name, manifest, main);

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'hookpost-discovery-')));
    nodeModules = join(root, 'node_modules');
    mkdirSync(nodeModules);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds declared packages, scoped or not, linked workspaces too, and ignores the rest', () => {
    install(
      'hookpost-connector-zulip',
      declared('zulipConnector'),
      connectorSource('zulipConnector', 'zulip'),
    );
    install(
      '@acme/hookpost-connector-echo',
      declared('echoConnector'),
      connectorSource('echoConnector', 'echo'),
    );
    // A workspace: npm links node_modules/<name> to its folder.
    const workspace = writePackage(
      join(root, 'connectors', 'gotify'),
      '@acme/connector-gotify',
      declared('gotifyConnector'),
      connectorSource('gotifyConnector', 'gotify'),
    );
    symlinkSync(workspace, join(nodeModules, '@acme', 'connector-gotify'));
    // Exports a connector but does not declare it; a link to nothing; a folder without package.json.
    install('stowaway', {}, connectorSource('stowawayConnector', 'stowaway'));
    symlinkSync(join(root, 'gone'), join(nodeModules, 'dangling'));
    mkdirSync(join(nodeModules, '.bin'));

    expect(discoverConnectors([nodeModules]).map((connector) => connector.type)).toEqual([
      'echo',
      'gotify',
      'zulip',
    ]);
  });

  it('refuses a type offered twice, in one line naming both packages', () => {
    install('@acme/chat-a', declared('chat'), connectorSource('chat', 'chat'));
    const other = join(root, 'elsewhere', 'node_modules');
    writePackage(join(other, 'chat-b'), 'chat-b', declared('chat'), connectorSource('chat', 'chat'));

    const discovery = () => discoverConnectors([nodeModules, other]);
    expect(discovery).toThrow(ConnectorDiscoveryError);
    expect(discovery).toThrow(
      new Error(
        `Connector type "chat" is offered by two packages: @acme/chat-a (${nodeModules}/@acme/chat-a) and chat-b (${other}/chat-b)`,
      ),
    );
  });

  it.each([
    [
      'a declaration that names no export',
      { hookpost: { connector: true } },
      connectorSource('x', 'x'),
      'Connector package bad: "hookpost.connector" must name an export of its main module, e.g. "slackConnector"',
    ],
    [
      'an export it does not have',
      declared('missingConnector'),
      connectorSource('otherConnector', 'other'),
      'Connector package bad declares "missingConnector", but its main module exports no connector by that name',
    ],
    [
      'an invalid type',
      declared('badConnector'),
      connectorSource('badConnector', 'Bad Type'),
      'Connector package bad: Connector type "Bad Type" must match /^[a-z][a-z0-9-]{0,39}$/',
    ],
    [
      'a main module that does not load',
      declared('badConnector'),
      "throw new Error('boom\\nat line 2');",
      'Connector package bad could not be loaded: boom',
    ],
  ])('stops at %s, naming the package', (_case, manifest, main, message) => {
    install('bad', manifest, main);
    expect(() => discoverConnectors([nodeModules])).toThrow(new ConnectorDiscoveryError(message));
  });

  it('finds nothing where nothing is installed', () => {
    expect(discoverConnectors([join(root, 'missing')])).toEqual([]);
  });
});
