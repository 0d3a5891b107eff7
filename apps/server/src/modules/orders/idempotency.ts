import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, conflict, validationError } from '../../lib/errors.js';
import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import { httpStatusOf } from '../../http/errors.js';
import { idempotencyRepo } from './repo.js';

/** How long a key answers with its first result (Stripe keeps keys 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** An in-flight claim older than this belongs to a process that died; a retry may take it over. */
const ABANDONED_AFTER_MS = 60_000;

export interface Replayable<T> {
  status: number;
  body: T;
}

/** Key order must not change the hash: `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

export const requestHash = (body: unknown) => createHash('sha256').update(JSON.stringify(canonical(body) ?? null)).digest('hex');

/** Reads the optional `Idempotency-Key` header (1–255 printable characters). */
export function idempotencyKey(req: FastifyRequest): string | undefined {
  const value = req.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw validationError('Idempotency-Key must be 1–255 printable ASCII characters', { header: 'Idempotency-Key' });
  }
  return value;
}

/**
 * Stripe's semantics: the same key with the same body returns the first result (success or a user
 * error) for 24 h; the same key with another body is `idempotency_mismatch` (422); a retry while the
 * first is still running is `conflict`. A bug (non-AppError) frees the key so the client can retry.
 */
export class Idempotency {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async run<T>(scope: string, key: string | undefined, body: unknown, execute: () => Promise<Replayable<T>>): Promise<Replayable<T>> {
    if (key === undefined) return execute();
    const hash = requestHash(body);
    const replay = await this.claim(scope, key, hash);
    if (replay) return replay as Replayable<T>;
    try {
      const result = await execute();
      await idempotencyRepo.complete(this.db.kysely, scope, key, result.status, JSON.stringify(result.body));
      return result;
    } catch (err) {
      if (err instanceof AppError) {
        const stored = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
        await idempotencyRepo.complete(this.db.kysely, scope, key, httpStatusOf[err.code], JSON.stringify(stored));
      } else {
        await idempotencyRepo.release(this.db.kysely, scope, key);
      }
      throw err;
    }
  }

  /** Claims the key, or returns the stored result to replay; throws on mismatch or a run in flight. */
  private async claim(scope: string, key: string, hash: string): Promise<Replayable<unknown> | undefined> {
    for (;;) {
      const now = this.clock.now();
      const row = { scope, key, request_hash: hash, status_code: null, response: null, created_at: now, expires_at: now + IDEMPOTENCY_TTL_MS };
      if (await idempotencyRepo.claim(this.db.kysely, row)) return undefined;
      const existing = await idempotencyRepo.get(this.db.kysely, scope, key);
      if (!existing) continue;
      const abandoned = existing.status_code === null && existing.created_at + ABANDONED_AFTER_MS <= now;
      if (existing.expires_at <= now || abandoned) {
        if (await idempotencyRepo.takeOver(this.db.kysely, existing, row)) return undefined;
        continue;
      }
      if (existing.request_hash !== hash) {
        throw new AppError('idempotency_mismatch', 'This Idempotency-Key was used with a different request body', { key });
      }
      if (existing.status_code === null) throw conflict('A request with this Idempotency-Key is still being processed; retry shortly', { key });
      const body = JSON.parse(existing.response ?? 'null') as unknown;
      if (existing.status_code >= 400) {
        const { error } = body as { error: { code: AppError['code']; message: string; details?: Record<string, unknown> } };
        throw new AppError(error.code, error.message, error.details);
      }
      return { status: existing.status_code, body };
    }
  }
}
