import pkg from '../../../package.json';

/** The product version, sent in `User-Agent: Hookpost/<version>` and shown in /docs. */
export const HOOKPOST_VERSION: string = pkg.version;
