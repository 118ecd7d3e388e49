import { Migration } from '@mikro-orm/migrations';

/**
 * The reconciler's index holds pending deliveries only. On (status, next_attempt_at) over every
 * delivery, PostgreSQL took it for single-delivery updates too ("cuid = $1 and status = 'pending'",
 * a deferral) whenever its statistics said few were pending, and read every pending delivery to
 * find one; a partial index as large as the pending set costs more than the key lookup it competes
 * with as soon as there are more than a few, and every settled delivery leaves it.
 */
export class Migration20261203152000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop index "delivery_status_next_attempt_at_index";');
    this.addSql(
      'create index "delivery_due_index" on "delivery" ("next_attempt_at") where "status" = \'pending\';',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index "delivery_due_index";');
    this.addSql(
      'create index "delivery_status_next_attempt_at_index" on "delivery" ("status", "next_attempt_at");',
    );
  }
}
