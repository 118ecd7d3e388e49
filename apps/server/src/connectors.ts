import { dirname, join, resolve } from 'node:path';
import type { Connector } from '@hookpost/connector-sdk';
import { useCompiledWorkspaces } from './discovery/compiled-workspaces';
import { discoverConnectors } from './discovery/connector-discovery';

export { ConnectorDiscoveryError } from './discovery/connector-discovery.error';

/**
 * `<project>/apps/server/src` in the sources; `<project>/<outDir>/apps/server/src` once compiled, since
 * tsconfig.build.json (dist/) and bench/tsconfig.json (dist-bench/) both keep the project's layout.
 */
const BUILD_ROOT = resolve(__dirname, '../../..');
const COMPILED = __filename.endsWith('.js');
const PROJECT_ROOT = COMPILED ? dirname(BUILD_ROOT) : BUILD_ROOT;

let discovered: readonly Connector[] | undefined;

/**
 * Every connector installed in this project: the packages in its node_modules that declare themselves
 * Hookpost connectors, workspaces under `connectors/` included (npm links them there). Discovered once a
 * process; a bad or duplicate connector throws a ConnectorDiscoveryError.
 */
export function serverConnectors(): readonly Connector[] {
  if (COMPILED) useCompiledWorkspaces(PROJECT_ROOT, BUILD_ROOT);
  discovered ??= discoverConnectors([join(PROJECT_ROOT, 'node_modules')]);
  return discovered;
}
