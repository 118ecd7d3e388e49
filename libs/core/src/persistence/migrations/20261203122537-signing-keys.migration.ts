import { Migration } from '@mikro-orm/migrations';

export class Migration20261203122537 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "signing_key" ("kid" varchar(32) not null, "public_key" text not null, "created_at" timestamptz not null, "retired_at" timestamptz null, constraint "signing_key_pkey" primary key ("kid"));',
    );
    this.addSql('alter table "webhook" add column "signature_scheme" varchar(10) not null default \'hmac\';');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "signing_key" cascade;');
    this.addSql('alter table "webhook" drop column "signature_scheme";');
  }
}
