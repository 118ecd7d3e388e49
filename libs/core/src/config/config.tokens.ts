/** Injection tokens for what the application hands to the core. */
export const HOOKPOST_CONFIG = Symbol('HOOKPOST_CONFIG');
export const HOOKPOST_CONNECTORS = Symbol('HOOKPOST_CONNECTORS');
