/**
 * Writes the SQL that brings a scratch database from the committed migrations to the current
 * entities: `npm run migration:create -- <name>`. Review the file, then list it in migrations.ts.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mikroOrmOptions } from '../libs/core/src/persistence/mikro-orm.options';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!/^[a-z][a-z0-9-]*$/.test(name ?? ''))
    throw new Error('usage: npm run migration:create -- <kebab-name>');
  const scratch = `hookpost_migration_${process.pid}`;
  const orm = await MikroORM.init(mikroOrmOptions(`postgres://postgres@127.0.0.1:5432/${scratch}`));
  try {
    await orm.schema.ensureDatabase();
    await orm.getMigrator().up();
    const diff = await orm.schema.getUpdateSchemaMigrationSQL({ wrap: false });
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const className = `Migration${stamp}`;
    const lines = (sql: string) =>
      sql
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => `    this.addSql(${JSON.stringify(line)});`)
        .join('\n');
    const file = join(__dirname, '../libs/core/src/persistence/migrations', `${stamp}-${name}.migration.ts`);
    writeFileSync(
      file,
      `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${className} extends Migration {\n` +
        `  override async up(): Promise<void> {\n${lines(diff.up)}\n  }\n\n` +
        `  override async down(): Promise<void> {\n${lines(diff.down)}\n  }\n}\n`,
    );
    console.log(`wrote ${file}`);
  } finally {
    await orm.schema.dropDatabase(scratch).catch(() => undefined);
    await orm.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
