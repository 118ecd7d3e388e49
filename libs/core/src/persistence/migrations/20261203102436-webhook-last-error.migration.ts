import { Migration } from '@mikro-orm/migrations';

export class Migration20261203102436 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "webhook" add column "last_error" text null, add column "last_error_at" timestamptz null;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "webhook" drop column "last_error", drop column "last_error_at";');
  }
}
