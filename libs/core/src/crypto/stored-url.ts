import type { Connector } from '@hookpost/connector-sdk';
import type { SecretCipher } from './secret-cipher';

/** How a webhook's URL sits in its row: in the clear, or encrypted when the URL is a credential. */
export interface StoredUrl {
  /** The URL, or for a credential URL only its origin (`https://hooks.slack.com/…`), for people reading the table. */
  url: string;
  /** AES-256-GCM ciphertext of the whole URL when the connector declares `secretUrl`. */
  urlEncrypted: string | null;
}

/** The columns for `url` as `connector` needs it kept. */
export function storeUrl(cipher: SecretCipher, connector: Connector, url: string): StoredUrl {
  if (!connector.secretUrl) return { url, urlEncrypted: null };
  return { url: redactUrl(url), urlEncrypted: cipher.encrypt(url) };
}

/** The URL to call, whichever way it is stored. */
export function readUrl(cipher: SecretCipher, stored: StoredUrl): string {
  return stored.urlEncrypted === null ? stored.url : cipher.decrypt(stored.urlEncrypted);
}

/** Scheme and host only: enough to tell destinations apart, nothing that lets anyone post. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}
