import { randomBytes } from 'node:crypto';
import { buildLiveDesk } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { seedDemo } from './modules/demo/seed.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const livedesk = await buildLiveDesk(config);
  const log = livedesk.http.log;
  log.info({ adapters: livedesk.infra.adapters, dataDir: config.dataDir }, 'LiveDesk starting');

  const password = config.admin.password ?? randomBytes(12).toString('base64url');
  const orgName = config.demo ? '演示店铺 Demo Shop' : 'My Shop';
  const owner = await livedesk.services.identity.bootstrapOwner(config.admin.email, password, orgName);
  if (owner) {
    if (config.demo) {
      const started = performance.now();
      const shows = await seedDemo(livedesk, owner);
      log.info({ shows: shows.map((s) => ({ title: s.title, events: s.events })), ms: Math.round(performance.now() - started) }, 'demo shop seeded');
    }
    // Printed once, on the first start of an empty data dir; it is stored only as an argon2 hash.
    const shown = config.admin.password ? '(from LIVEDESK_ADMIN_PASSWORD)' : password;
    process.stdout.write(
      `\n  LiveDesk owner account created\n    email:    ${config.admin.email}\n    password: ${shown}\n\n`,
    );
  }

  livedesk.start();
  await livedesk.http.listen({ port: config.port, host: config.host });
  process.stdout.write(`  LiveDesk console: http://localhost:${(livedesk.http.server.address() as { port: number }).port}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'LiveDesk stopping');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await livedesk.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('LiveDesk failed to start:', err);
  process.exit(1);
});
