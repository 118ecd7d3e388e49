import type { Connector } from '@hookpost/connector-sdk';

/**
 * Advice for a URL that does not look like the connector's (a Slack webhook on another host), or
 * null. Never a refusal (DESIGN §9): local fakes and proxies must be able to stand in.
 */
export function urlMismatch(connector: Connector, url: string): string | null {
  if (!connector.urlPattern || connector.urlPattern.test(url)) return null;
  return `url does not look like a ${connector.displayName} URL (${connector.urlHint})`;
}
