import { Injectable } from '@nestjs/common';
import type { OptionalProps } from '@mikro-orm/core';
import type { SigningKey } from './entities/signing-key.entity';
import { SqlPool } from './sql-pool';

/** A signing key as stored; the entity class describes the table, this its rows. */
export type SigningKeyRecord = Omit<SigningKey, typeof OptionalProps>;

/** All SQL of the `signing_key` table. */
@Injectable()
export class SigningKeyRepository {
  constructor(private readonly sql: SqlPool) {}

  /**
   * `kid` is the key in use: it is recorded (or made current again, if it had been retired) and every
   * other current key is retired now, in one statement. Retired keys keep their first retirement time.
   * Returns how many keys it retired.
   */
  makeCurrent(kid: string, publicKey: string, now: Date): Promise<number> {
    return this.sql.execute(
      `with current_key as (
         insert into signing_key (kid, public_key, created_at, retired_at) values ($1, $2, $3, null)
         on conflict (kid) do update set retired_at = null
       )
       update signing_key set retired_at = $3 where kid <> $1 and retired_at is null`,
      [kid, publicKey, now],
    );
  }

  /** Keys current or retired after `retiredSince`: `kid` first, then the most recently retired. */
  published(kid: string, retiredSince: Date): Promise<SigningKeyRecord[]> {
    return this.sql.query<SigningKeyRecord>(
      `select kid, public_key as "publicKey", created_at as "createdAt", retired_at as "retiredAt"
         from signing_key where retired_at is null or retired_at > $2
        order by kid = $1 desc, retired_at desc nulls first, created_at desc`,
      [kid, retiredSince],
    );
  }
}
