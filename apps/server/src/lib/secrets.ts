import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { PiiKeyring } from './crypto.js';

export interface Secrets {
  tokenSecret: Buffer;
  pii: PiiKeyring;
  /** where each secret came from, for the start-up log (never the values) */
  sources: { token: 'env' | 'file'; pii: 'env' | 'file' };
}

const SecretsFile = z.object({
  tokenSecret: z.string(),
  piiKeys: z.string(),
  piiHashKey: z.string(),
});
type SecretsFile = z.infer<typeof SecretsFile>;

const decodeKey = (b64: string, what: string): Buffer => {
  const key = Buffer.from(b64, 'base64');
  if (key.length < 32) throw new Error(`${what} must be at least 32 bytes (base64)`);
  return key;
};

/** `LIVEDESK_PII_KEYS`: `id:base64key[,id:base64key…]`, the first one encrypts, all of them decrypt. */
export function parsePiiKeys(spec: string): { keys: Map<string, Buffer>; activeKeyId: string } {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const sep = part.indexOf(':');
    const id = part.slice(0, sep);
    if (sep <= 0 || !/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error(`LIVEDESK_PII_KEYS: bad key id in "${id}"`);
    const key = decodeKey(part.slice(sep + 1), `LIVEDESK_PII_KEYS key ${id}`);
    if (key.length !== 32) throw new Error(`LIVEDESK_PII_KEYS key ${id} must be exactly 32 bytes for AES-256`);
    keys.set(id, key);
  }
  const activeKeyId = keys.keys().next().value;
  if (activeKeyId === undefined) throw new Error('LIVEDESK_PII_KEYS names no key');
  return { keys, activeKeyId };
}

const generated = (): SecretsFile => ({
  tokenSecret: randomBytes(32).toString('base64'),
  piiKeys: `k1:${randomBytes(32).toString('base64')}`,
  piiHashKey: randomBytes(32).toString('base64'),
});

/**
 * Secrets given in the environment win; the rest come from `<dataDir>/secrets.json`, created with mode
 * 0600 on first start. Never a fixed default: a leaked default key would open every installation.
 */
export function loadSecrets(config: Pick<Config, 'dataDir' | 'secrets'>): Secrets {
  const { tokenSecret, piiKeys, piiHashKey } = config.secrets;
  const needFile = !tokenSecret || !piiKeys || !piiHashKey;
  const file = needFile ? readOrCreateSecretsFile(config.dataDir) : undefined;
  const pii = parsePiiKeys(piiKeys ?? file!.piiKeys);
  return {
    tokenSecret: decodeKey(tokenSecret ?? file!.tokenSecret, 'LIVEDESK_TOKEN_SECRET'),
    pii: { ...pii, hashKey: decodeKey(piiHashKey ?? file!.piiHashKey, 'LIVEDESK_PII_HASH_KEY') },
    sources: { token: tokenSecret ? 'env' : 'file', pii: piiKeys && piiHashKey ? 'env' : 'file' },
  };
}

function readOrCreateSecretsFile(dataDir: string): SecretsFile {
  const path = join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx' fails if another process created the file first; then we read theirs.
    writeFileSync(path, JSON.stringify(generated(), null, 2), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return SecretsFile.parse(JSON.parse(readFileSync(path, 'utf8')));
}
