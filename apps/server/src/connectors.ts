import type { Connector } from '@hookpost/connector-sdk';
import { discordConnector } from '@hookpost/connector-discord';
import { httpConnector } from '@hookpost/connector-http';
import { slackConnector } from '@hookpost/connector-slack';
import { teamsConnector } from '@hookpost/connector-teams';

/** Every destination type this server offers. A new connector is one import and one entry here. */
export const CONNECTORS: readonly Connector[] = [
  httpConnector,
  slackConnector,
  teamsConnector,
  discordConnector,
];
