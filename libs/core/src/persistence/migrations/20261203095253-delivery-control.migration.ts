import { Migration } from '@mikro-orm/migrations';

export class Migration20261203095253 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "webhook" add column "ordering" varchar(10) not null default \'none\', add column "rate_limit" int null, add column "max_in_flight" int null, add column "filter" jsonb null, add column "failing_since" timestamptz null, add column "alerted_at" timestamptz null;',
    );
    this.addSql(
      'alter table "delivery" add column "order_key" varchar(64) null, add column "seq" bigserial;',
    );
    this.addSql(
      'create index "delivery_turns_index" on "delivery" ("webhook_cuid", "order_key", "seq") where "order_key" is not null and "status" = \'pending\';',
    );
    this.addSql('create index "delivery_created_at_cuid_index" on "delivery" ("created_at", "cuid");');
  }

  override async down(): Promise<void> {
    this.addSql('drop index "delivery_turns_index";');
    this.addSql('drop index "delivery_created_at_cuid_index";');
    this.addSql('alter table "delivery" drop column "order_key", drop column "seq";');
    this.addSql(
      'alter table "webhook" drop column "ordering", drop column "rate_limit", drop column "max_in_flight", drop column "filter", drop column "failing_since", drop column "alerted_at";',
    );
  }
}
