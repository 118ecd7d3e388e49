import { Migration } from '@mikro-orm/migrations';

export class Migration20261203081414 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "webhook" add column "url_encrypted" text null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "webhook" drop column "url_encrypted";');
  }
}
