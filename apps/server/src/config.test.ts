import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { loadSecrets } from './lib/secrets.js';

describe('configuration', () => {
  it('defaults to embedded stores on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, demo: true, db: { kind: 'sqlite', synchronous: 'normal' }, redisUrl: undefined });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LIVEDESK_DEMO: 'maybe', LIVEDESK_ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'LIVEDESK_DEMO', 'LIVEDESK_ADMIN_PASSWORD']) expect(problems).toContain(name);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ port: 3000, db: { kind: 'sqlite' } });
  });

  it('chooses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_SCHEMA: 'shop' });
    expect(config.db).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db', schema: 'shop', poolSize: 10 });
  });
});

describe('secrets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livedesk-secrets-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('generates secrets on first start with mode 0600 and reuses them after', async () => {
    const config = loadConfig({ LIVEDESK_DATA_DIR: dir });
    const first = loadSecrets(config);
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    const second = loadSecrets(config);
    expect(second.tokenSecret.equals(first.tokenSecret)).toBe(true);
    expect(second.pii.keys.get(second.pii.activeKeyId)?.equals(first.pii.keys.get(first.pii.activeKeyId)!)).toBe(true);
    expect(first.sources).toEqual({ token: 'file', pii: 'file' });
  });

  it('takes secrets from the environment over the file', async () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({
      LIVEDESK_DATA_DIR: join(dir, 'env-only'),
      LIVEDESK_TOKEN_SECRET: key,
      LIVEDESK_PII_KEYS: `prod2:${key}`,
      LIVEDESK_PII_HASH_KEY: key,
    });
    const secrets = loadSecrets(config);
    expect(secrets.sources).toEqual({ token: 'env', pii: 'env' });
    expect(secrets.pii.activeKeyId).toBe('prod2');
    await expect(readFile(join(dir, 'env-only', 'secrets.json'))).rejects.toThrow();
  });
});
