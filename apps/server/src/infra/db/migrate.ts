import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_commerce.js';
import * as m0003 from './migrations/0003_live.js';
import * as m0004 from './migrations/0004_room.js';
import * as m0005 from './migrations/0005_moderation.js';
import * as m0006 from './migrations/0006_sales.js';
import * as m0007 from './migrations/0007_lottery_risk.js';
import * as m0008 from './migrations/0008_analytics.js';
import * as m0009 from './migrations/0009_alerts.js';
import * as m0010 from './migrations/0010_reviews.js';
import type { Db, DbDialect } from './port.js';

type Step = { up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> };

/** Listed statically so the bundled server needs no migration files on disk. Append only. */
const steps: Record<string, Step> = {
  '0001_foundation': m0001 as Step,
  '0002_commerce': m0002 as Step,
  '0003_live': m0003 as Step,
  '0004_room': m0004 as Step,
  '0005_moderation': m0005 as Step,
  '0006_sales': m0006 as Step,
  '0007_lottery_risk': m0007 as Step,
  '0008_analytics': m0008 as Step,
  '0009_alerts': m0009 as Step,
  '0010_reviews': m0010 as Step,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DbDialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(steps).map(([name, step]) => [name, { up: (db: Kysely<unknown>) => step.up(db, this.dialect) }]),
    );
  }
}

/**
 * Kysely looks for its bookkeeping tables by listing every schema's tables; when another tenant of the
 * same PostgreSQL database drops its schema during that query (parallel test runs do), the query fails
 * although nothing is wrong with ours. Such a failure is retried.
 */
const otherSchemaVanished = (err: unknown, own: string | undefined) => {
  // The schema, or a table of it whose name the listing had already read ("t_1.lottery_winners").
  const match = /(?:schema "([^"]+)"|relation "([^".]+)\.[^"]+") does not exist/.exec(String((err as { cause?: unknown })?.cause ?? err));
  const schema = match?.[1] ?? match?.[2];
  return schema !== undefined && schema !== own;
};

/** Brings the schema up to date; run at every start. Each migration runs in its own transaction. */
export async function migrateToLatest(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db);
    } catch (err) {
      if (attempt >= 5 || !otherSchemaVanished(err, db.schema)) throw err;
    }
  }
}

async function migrateOnce(db: Db): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: new StaticProvider(db.dialect),
    // Without it Kysely looks for its bookkeeping tables in every schema and may find another tenant's.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
