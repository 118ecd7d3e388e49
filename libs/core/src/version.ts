import pkg from '../../../package.json';

/** The product version, sent in `User-Agent: Hookpost/<version>` and shown in /docs. */
export const HOOKPOST_VERSION: string = pkg.version;

/** Sent on every outgoing request, so receivers can tell Hookpost's calls (and its version) apart. */
export const HOOKPOST_USER_AGENT = `Hookpost/${HOOKPOST_VERSION}`;
