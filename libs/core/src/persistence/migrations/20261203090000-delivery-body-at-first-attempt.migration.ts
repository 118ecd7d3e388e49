import { Migration } from '@mikro-orm/migrations';

/** Deliveries are rendered at their first attempt: until then they have no body. */
export class Migration20261203090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "delivery" alter column "body" drop not null;');
  }

  override async down(): Promise<void> {
    // Without a body they cannot exist in the old schema, and nothing was sent for them yet.
    this.addSql('delete from "delivery" where "body" is null;');
    this.addSql('alter table "delivery" alter column "body" set not null;');
  }
}
