import { Migration } from '@mikro-orm/migrations';

export class Migration20261123104032 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "webhook" ("cuid" varchar(32) not null, "name" varchar(200) not null, "type" varchar(40) not null default \'http\', "url" text not null, "secret_encrypted" text null, "previous_secret_encrypted" text null, "previous_secret_expires_at" timestamptz null, "ssl_verification" boolean not null default true, "events" text[] not null, "client_cuids" text[] not null, "statuses" text[] not null, "enabled" boolean not null default true, "message" text not null, "consecutive_failures" int not null default 0, "last_attempt_at" timestamptz null, "last_status" varchar(20) null, "disabled_reason" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_pkey" primary key ("cuid"));',
    );
    this.addSql('create index "webhook_events_index" on "webhook" using GIN ("events");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "webhook" cascade;');
  }
}
