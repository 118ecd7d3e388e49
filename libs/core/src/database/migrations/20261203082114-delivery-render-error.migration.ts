import { Migration } from '@mikro-orm/migrations';

/** Deliveries whose message template failed to render: no body, and the reason. */
export class Migration20261203082114 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "delivery" add column "render_error" text null;');
    this.addSql('alter table "delivery" alter column "body" drop not null;');
  }

  override async down(): Promise<void> {
    // Without a body they cannot exist in the old schema, and there is nothing they could send.
    this.addSql('delete from "delivery" where "body" is null;');
    this.addSql('alter table "delivery" drop column "render_error";');
    this.addSql('alter table "delivery" alter column "body" set not null;');
  }
}
