import { Migration } from '@mikro-orm/migrations';

export class Migration20261203123253 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "delivery" add column "trace_parent" varchar(64) null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "delivery" drop column "trace_parent";');
  }
}
