/** A connector that cannot be offered: start-up stops with this one line, which names the package. */
export class ConnectorDiscoveryError extends Error {}
