import { Migration } from '@mikro-orm/migrations';

export class Migration20261123105726 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "event" ("cuid" varchar(64) not null, "event" varchar(64) not null, "facts" jsonb not null, "idempotency_key" varchar(200) null, "delivery_count" int not null default 0, "occurred_at" timestamptz not null, "created_at" timestamptz not null, constraint "event_pkey" primary key ("cuid"));',
    );
    this.addSql(
      'alter table "event" add constraint "event_idempotency_key_unique" unique ("idempotency_key");',
    );
    this.addSql('create index "event_created_at_index" on "event" ("created_at");');
    this.addSql(
      'create table "delivery" ("cuid" varchar(64) not null, "event_cuid" varchar(64) null, "webhook_cuid" varchar(32) not null, "event" varchar(64) not null, "status" varchar(16) not null default \'pending\', "attempts" int not null default 0, "retry_base" int not null default 0, "next_attempt_at" timestamptz null, "body" text not null, "headers" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "delivery_pkey" primary key ("cuid"));',
    );
    this.addSql('create index "delivery_event_cuid_index" on "delivery" ("event_cuid");');
    this.addSql(
      'create index "delivery_webhook_cuid_status_created_at_index" on "delivery" ("webhook_cuid", "status", "created_at");',
    );
    this.addSql(
      'create index "delivery_status_next_attempt_at_index" on "delivery" ("status", "next_attempt_at");',
    );
    this.addSql(
      'create table "delivery_attempt" ("cuid" varchar(32) not null, "delivery_cuid" varchar(64) not null, "webhook_cuid" varchar(32) not null, "event" varchar(64) not null, "attempt" int not null, "status" varchar(16) not null, "will_retry" boolean not null, "next_attempt_at" timestamptz null, "status_code" int null, "duration_ms" int not null, "error_code" varchar(32) null, "error" text null, "request_headers" jsonb not null, "response_body" text null, "created_at" timestamptz not null, constraint "delivery_attempt_pkey" primary key ("cuid"));',
    );
    this.addSql('create index "delivery_attempt_created_at_index" on "delivery_attempt" ("created_at");');
    this.addSql(
      'create index "delivery_attempt_delivery_cuid_index" on "delivery_attempt" ("delivery_cuid");',
    );
    this.addSql(
      'create index "delivery_attempt_webhook_cuid_created_at_cuid_index" on "delivery_attempt" ("webhook_cuid", "created_at", "cuid");',
    );
    this.addSql(
      'alter table "delivery" add constraint "delivery_event_cuid_foreign" foreign key ("event_cuid") references "event" ("cuid") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "delivery" add constraint "delivery_webhook_cuid_foreign" foreign key ("webhook_cuid") references "webhook" ("cuid") on update cascade on delete cascade;',
    );
    this.addSql(
      'alter table "delivery_attempt" add constraint "delivery_attempt_delivery_cuid_foreign" foreign key ("delivery_cuid") references "delivery" ("cuid") on update cascade on delete cascade;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "delivery" drop constraint "delivery_event_cuid_foreign";');
    this.addSql('alter table "delivery_attempt" drop constraint "delivery_attempt_delivery_cuid_foreign";');
    this.addSql('drop table if exists "event" cascade;');
    this.addSql('drop table if exists "delivery" cascade;');
    this.addSql('drop table if exists "delivery_attempt" cascade;');
  }
}
