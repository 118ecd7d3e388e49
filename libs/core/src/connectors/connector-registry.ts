import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Connector } from '@hookpost/connector-sdk';
import { HOOKPOST_CONNECTORS } from '../config/config.tokens';

export interface ConnectorSummary {
  type: string;
  displayName: string;
  description: string;
  urlHint: string;
  defaultMessage: string;
}

/** The connectors the application registered, by type. The core never switches on a type itself. */
@Injectable()
export class ConnectorRegistry {
  private readonly byType = new Map<string, Connector>();

  constructor(@Inject(HOOKPOST_CONNECTORS) connectors: readonly Connector[]) {
    for (const connector of connectors) {
      if (this.byType.has(connector.type))
        throw new Error(`Connector type "${connector.type}" is registered twice`);
      this.byType.set(connector.type, connector);
    }
  }

  get(type: string): Connector {
    const connector = this.byType.get(type);
    if (!connector) throw new Error(`No connector of type "${type}" is registered`);
    return connector;
  }

  /** For request input: an unknown type is the caller's mistake, answered 400 with the registered types. */
  resolve(type: string): Connector {
    const connector = this.byType.get(type);
    if (!connector) throw new BadRequestException([`type must be one of: ${this.types().join(', ')}`]);
    return connector;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Types whose URLs are credentials, stored encrypted (`secretUrl`). */
  secretUrlTypes(): string[] {
    return [...this.byType.values()].filter((connector) => connector.secretUrl).map(({ type }) => type);
  }

  summaries(): ConnectorSummary[] {
    return [...this.byType.values()].map(({ type, displayName, description, urlHint, defaultMessage }) => ({
      type,
      displayName,
      description,
      urlHint,
      defaultMessage,
    }));
  }
}
