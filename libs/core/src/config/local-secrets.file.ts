import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Development-only store for a generated admin token and encryption key, kept in a git-ignored
 * file so they survive restarts: losing the key would make every stored webhook secret unreadable.
 */
export class LocalSecretsFile {
  constructor(
    readonly path = process.env.HOOKPOST_LOCAL_SECRETS_FILE ??
      join(process.cwd(), '.hookpost', 'local-secrets.json'),
  ) {}

  getOrCreate(name: string, generate: () => string): string {
    const values = this.read();
    if (values[name]) return values[name];
    values[name] = generate();
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileSync(this.path, JSON.stringify(values, null, 2) + '\n', { mode: 0o600 });
    chmodSync(this.path, 0o600);
    return values[name];
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>;
    } catch {
      throw new Error(
        `${this.path} is not valid JSON; fix or delete it (deleting loses the development key)`,
      );
    }
  }
}
