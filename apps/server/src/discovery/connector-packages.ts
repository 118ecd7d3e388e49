import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorDiscoveryError } from './connector-discovery.error';

/** A package whose package.json declares a Hookpost connector: `"hookpost": { "connector": "<export>" }`. */
export interface ConnectorPackage {
  name: string;
  /** The package folder with symlinks resolved: a workspace under `connectors/`, or a folder in node_modules. */
  dir: string;
  /** The export of the package's `main` module that is the connector. */
  exportName: string;
}

const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * The packages installed directly in `nodeModules` (and its `@scope` folders) that declare themselves
 * connectors. npm links every workspace there, so a folder under `connectors/` is found the same way as a
 * package installed from a registry. A package without the declaration is none of Hookpost's business, and
 * an entry with no readable package.json (a dangling link) is passed over the same way.
 */
export function findConnectorPackages(nodeModules: string): ConnectorPackage[] {
  return packageFolders(nodeModules).flatMap((folder) => {
    const manifest = readManifest(folder);
    const declared = manifest?.hookpost?.connector;
    if (declared === undefined) return [];
    const name = manifest?.name ?? folder;
    if (typeof declared !== 'string' || !EXPORT_NAME.test(declared)) {
      throw new ConnectorDiscoveryError(
        `Connector package ${name}: "hookpost.connector" must name an export of its main module, e.g. "slackConnector"`,
      );
    }
    return [{ name, dir: realpathSync(folder), exportName: declared }];
  });
}

interface Manifest {
  name?: string;
  hookpost?: { connector?: unknown };
}

function packageFolders(nodeModules: string): string[] {
  return entries(nodeModules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) =>
      entry.startsWith('@')
        ? entries(join(nodeModules, entry)).map((scoped) => join(nodeModules, entry, scoped))
        : [join(nodeModules, entry)],
    );
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return []; // no node_modules yet, or a scope folder that is a file
  }
}

function readManifest(folder: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}
