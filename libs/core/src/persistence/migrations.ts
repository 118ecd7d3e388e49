import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123104032 } from './migrations/20261123104032-webhooks.migration';
import { Migration20261123105726 } from './migrations/20261123105726-deliveries.migration';
import { Migration20261203081414 } from './migrations/20261203081414-webhook-url-encrypted.migration';
import { Migration20261203090000 } from './migrations/20261203090000-delivery-body-at-first-attempt.migration';
import { Migration20261203095253 } from './migrations/20261203095253-delivery-control.migration';
import { Migration20261203102436 } from './migrations/20261203102436-webhook-last-error.migration';
import { Migration20261203122537 } from './migrations/20261203122537-signing-keys.migration';
import { Migration20261203123253 } from './migrations/20261203123253-delivery-trace-parent.migration';
import { Migration20261203152000 } from './migrations/20261203152000-delivery-due-index.migration';

/** Every committed migration, in order. Listed (not globbed) so compiled and ts-jest runs agree. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261123104032', class: Migration20261123104032 },
  { name: 'Migration20261123105726', class: Migration20261123105726 },
  { name: 'Migration20261203081414', class: Migration20261203081414 },
  { name: 'Migration20261203090000', class: Migration20261203090000 },
  { name: 'Migration20261203095253', class: Migration20261203095253 },
  { name: 'Migration20261203102436', class: Migration20261203102436 },
  { name: 'Migration20261203122537', class: Migration20261203122537 },
  { name: 'Migration20261203123253', class: Migration20261203123253 },
  { name: 'Migration20261203152000', class: Migration20261203152000 },
];
