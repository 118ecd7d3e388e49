import { defineConnector, type Connector } from '@hookpost/connector-sdk';
import { ConnectorDiscoveryError } from './connector-discovery.error';
import { findConnectorPackages, type ConnectorPackage } from './connector-packages';

/**
 * Every connector declared by a package in `nodeModulesDirs`, loaded, checked and ordered by type. A
 * package that cannot be loaded, does not export what it declares, or offers a type another package
 * already offers stops start-up with a ConnectorDiscoveryError naming the package (and the other one).
 */
export function discoverConnectors(nodeModulesDirs: readonly string[]): Connector[] {
  const byType = new Map<string, { connector: Connector; from: ConnectorPackage }>();
  for (const pkg of nodeModulesDirs.flatMap(findConnectorPackages)) {
    const connector = loadConnector(pkg);
    const first = byType.get(connector.type);
    if (first) {
      throw new ConnectorDiscoveryError(
        `Connector type "${connector.type}" is offered by two packages: ${where(first.from)} and ${where(pkg)}`,
      );
    }
    byType.set(connector.type, { connector, from: pkg });
  }
  return [...byType.values()].map(({ connector }) => connector).sort((a, b) => (a.type < b.type ? -1 : 1));
}

function loadConnector(pkg: ConnectorPackage): Connector {
  let exported: unknown;
  try {
    // Found at run time, so loaded with require: under Jest, ts-node and plain Node alike it resolves the
    // package's `main` the way each of them resolves modules (TypeScript sources, or compiled JavaScript).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = (require(pkg.dir) as Record<string, unknown>)[pkg.exportName];
  } catch (error) {
    throw new ConnectorDiscoveryError(
      `Connector package ${pkg.name} could not be loaded: ${firstLine(error)}`,
    );
  }
  if (!isConnector(exported)) {
    throw new ConnectorDiscoveryError(
      `Connector package ${pkg.name} declares "${pkg.exportName}", but its main module exports no connector by that name`,
    );
  }
  try {
    return defineConnector(exported); // the same checks a connector made with the SDK passed already
  } catch (error) {
    throw new ConnectorDiscoveryError(`Connector package ${pkg.name}: ${firstLine(error)}`);
  }
}

function isConnector(value: unknown): value is Connector {
  const candidate = value as Partial<Connector> | null | undefined;
  return typeof candidate?.type === 'string' && typeof candidate.render === 'function';
}

function where(pkg: ConnectorPackage): string {
  return `${pkg.name} (${pkg.dir})`;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
