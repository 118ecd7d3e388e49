export { teamsConnector, type AdaptiveCard, type TeamsMessage } from './teams.connector';
