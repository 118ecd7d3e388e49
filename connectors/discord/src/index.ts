export { DISCORD_LIMITS, discordConnector, type DiscordMessage } from './discord.connector';
