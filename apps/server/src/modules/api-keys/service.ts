import type { ApiKeyScope, ApiKeyView, CreateApiKeyBody } from '@livedesk/contracts';
import { ingestScopes } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { forbidden, notFound, unauthorized, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { ApiKeyRow } from '../../infra/db/database.js';
import type { Db } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import { apiKeysRepo } from './repo.js';

/** Every key starts with this, so a leaked key is recognisable by secret scanners and by our auth. */
export const API_KEY_PREFIX = 'ldk_';
const PREFIX_SHOWN = API_KEY_PREFIX.length + 8;

const view = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: JSON.parse(row.scopes) as ApiKeyScope[],
  createdAt: row.created_at,
  createdBy: row.created_by,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export class ApiKeysService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<ApiKeyView[]> {
    return (await apiKeysRepo.list(this.db.kysely, actor.orgId)).map(view);
  }

  async create(actor: Actor, body: CreateApiKeyBody): Promise<ApiKeyView & { key: string }> {
    const now = this.clock.now();
    if (body.expiresAt !== undefined && body.expiresAt <= now) {
      throw validationError('expiresAt must be in the future', { field: 'expiresAt' });
    }
    // A key can do no more than its creator: no escalation through a key.
    const beyond = body.scopes.filter(
      (s) => !(ingestScopes as readonly string[]).includes(s) && !actor.permissions.has(s),
    );
    if (beyond.length) throw forbidden('A key cannot have permissions you do not have', { scopes: beyond });
    const key = `${API_KEY_PREFIX}${randomToken(32)}`;
    const row: ApiKeyRow = {
      id: newId(),
      org_id: actor.orgId,
      name: body.name,
      prefix: key.slice(0, PREFIX_SHOWN),
      key_hash: sha256Hex(key),
      scopes: JSON.stringify([...new Set(body.scopes)]),
      created_by: actor.id,
      created_at: now,
      last_used_at: null,
      expires_at: body.expiresAt ?? null,
      revoked_at: null,
    };
    await this.audit.transaction(actor, async (tx, record) => {
      await apiKeysRepo.insert(tx, row);
      await record({
        action: 'apikey.create',
        targetType: 'api_key',
        targetId: row.id,
        changes: [
          { field: 'name', from: null, to: row.name },
          { field: 'scopes', from: null, to: body.scopes },
        ],
      });
    });
    return { ...view(row), key };
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.audit.transaction(actor, async (tx, record) => {
      const row = await apiKeysRepo.byId(tx, actor.orgId, id);
      if (!row) throw notFound('API key', id);
      const now = this.clock.now();
      if (await apiKeysRepo.revoke(tx, id, now)) {
        await record({ action: 'apikey.revoke', targetType: 'api_key', targetId: id, changes: [{ field: 'revokedAt', from: null, to: now }] });
      }
    });
  }

  /** Resolves a presented key to the acting key; the key's scopes are its permissions. */
  async authenticate(key: string, ctx: { ip: string | null; requestId: string | null }): Promise<Actor> {
    const row = await apiKeysRepo.byHash(this.db.kysely, sha256Hex(key));
    const now = this.clock.now();
    if (!row || row.revoked_at !== null) throw unauthorized('API key is not valid');
    if (row.expires_at !== null && row.expires_at <= now) throw unauthorized('API key has expired');
    await apiKeysRepo.touch(this.db.kysely, row.id, now, 60_000);
    return {
      kind: 'api_key',
      id: row.id,
      name: row.name,
      orgId: row.org_id,
      role: null,
      permissions: new Set(JSON.parse(row.scopes) as string[]),
      ip: ctx.ip,
      requestId: ctx.requestId,
    };
  }
}
