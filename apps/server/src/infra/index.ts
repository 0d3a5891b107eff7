import type { Config } from '../config.js';
import type { Bus } from './bus/port.js';
import { createMemoryBus } from './bus/memory.js';
import { createNatsBus } from './bus/nats.js';
import type { Db } from './db/port.js';
import { createPostgresDb } from './db/postgres.js';
import { createSqliteDb } from './db/sqlite.js';
import type { Fanout } from './fanout/port.js';
import { createMemoryFanout } from './fanout/memory.js';
import { createNatsFanout } from './fanout/nats.js';
import { createRedisFanout } from './fanout/redis.js';
import type { Hot } from './hot/port.js';
import { createDuckDbOlap } from './olap/duckdb.js';
import type { Olap } from './olap/port.js';
import { createMemoryHot } from './hot/memory.js';
import { createRedisHot } from './hot/redis.js';

export interface Infrastructure {
  db: Db;
  hot: Hot;
  bus: Bus;
  fanout: Fanout;
  /**
   * Raw events for funnels and reviews. A DuckDB file is open in one process at a time, so each node
   * keeps its own, filled from the shared event logs by position (see OlapAppender).
   */
  olap: Olap;
  /** what runs, for the start-up log */
  adapters: { db: string; hot: string; bus: string; fanout: string };
  close(): Promise<void>;
}

/**
 * The one place that chooses adapters: embedded stores by default, a cluster adapter for each URL set.
 * Nothing else in the code knows which one runs.
 */
export async function createInfrastructure(config: Config): Promise<Infrastructure> {
  const ns = config.namespace;
  const db =
    config.db.kind === 'postgres'
      ? await createPostgresDb({ url: config.db.url, schema: config.db.schema, maxConnections: config.db.poolSize })
      : createSqliteDb({ file: config.db.file, synchronous: config.db.synchronous });
  const hot = config.redisUrl ? createRedisHot({ url: config.redisUrl, keyPrefix: `${ns}:` }) : createMemoryHot();
  const bus = config.natsUrl ? await createNatsBus({ servers: config.natsUrl, streamPrefix: ns }) : createMemoryBus();
  const fanout = config.redisUrl
    ? await createRedisFanout({ url: config.redisUrl, channelPrefix: `${ns}:fanout:` })
    : config.natsUrl
      ? await createNatsFanout({ servers: config.natsUrl, subjectPrefix: `${ns}.fanout` })
      : createMemoryFanout();
  const olap = await createDuckDbOlap({ file: config.olap.file });
  return {
    db,
    hot,
    bus,
    fanout,
    olap,
    adapters: {
      db: db.dialect,
      hot: config.redisUrl ? 'redis' : 'memory',
      bus: config.natsUrl ? 'nats-jetstream' : 'memory',
      fanout: config.redisUrl ? 'redis' : config.natsUrl ? 'nats' : 'memory',
    },
    async close() {
      await Promise.allSettled([fanout.close(), bus.close(), hot.close(), olap.close()]);
      await db.close();
    },
  };
}
