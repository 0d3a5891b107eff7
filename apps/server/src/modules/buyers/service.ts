import type { BuyerView } from '@livedesk/contracts';
import { can, type Actor } from '../../lib/actor.js';
import { maskPhone, type PiiCipher } from '../../lib/crypto.js';
import { forbidden, notFound, unauthorized } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { BuyerRow } from '../../infra/db/database.js';
import type { Db } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import { identityRepo } from '../identity/repo.js';
import type { AccessTokens } from '../identity/tokens.js';
import { buyersRepo } from './repo.js';

/** Guest buyers keep their cart and orders on one device for this long without signing in. */
export const BUYER_TOKEN_TTL_MS = 30 * 86_400_000;

export class BuyersService {
  constructor(
    private readonly db: Db,
    private readonly pii: PiiCipher,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A guest buyer of the shop named by `orgSlug`, or of the installation's first org. */
  async createGuest(body: { nickname?: string; phone?: string }, orgSlug: string | undefined) {
    const org = orgSlug
      ? await identityRepo.orgBySlug(this.db.kysely, orgSlug)
      : await identityRepo.oldestOrg(this.db.kysely);
    if (!org) throw notFound('Shop', orgSlug);
    const now = this.clock.now();
    const row: BuyerRow = {
      id: newId(),
      org_id: org.id,
      nickname: body.nickname ?? null,
      phone_enc: body.phone ? this.pii.encrypt(body.phone) : null,
      phone_hash: body.phone ? this.pii.lookupHash(body.phone) : null,
      created_at: now,
    };
    await buyersRepo.insert(this.db.kysely, row);
    const expiresAt = now + BUYER_TOKEN_TTL_MS;
    const token = await this.tokens.sign({ kind: 'buyer', subject: row.id, orgId: org.id }, expiresAt);
    return { buyerId: row.id, token, expiresAt };
  }

  async findByPhone(actor: Actor, phone: string): Promise<BuyerView[]> {
    const rows = await buyersRepo.byPhoneHash(this.db.kysely, actor.orgId, this.pii.lookupHash(phone), 50);
    return rows.map((r) => this.view(r, false));
  }

  /** Unmasked only on request and with `pii:read`; every unmasked read is audited. */
  async get(actor: Actor, id: string, reveal: boolean): Promise<BuyerView> {
    if (reveal && !can(actor, 'pii:read')) throw forbidden('Revealing personal data needs pii:read', { required: 'pii:read' });
    const row = await buyersRepo.byId(this.db.kysely, actor.orgId, id);
    if (!row) throw notFound('Buyer', id);
    if (reveal) await this.audit.record(actor, { action: 'buyer.reveal_pii', targetType: 'buyer', targetId: id, changes: [] });
    return this.view(row, reveal);
  }

  async buyerActor(claims: { subject: string; orgId: string }, ctx: { ip: string | null; requestId: string | null }): Promise<Actor> {
    const row = await buyersRepo.byId(this.db.kysely, claims.orgId, claims.subject);
    if (!row) throw unauthorized('Buyer token is not valid');
    return { kind: 'buyer', id: row.id, name: row.nickname, orgId: row.org_id, role: null, permissions: new Set(), ...ctx };
  }

  private view(row: BuyerRow, reveal: boolean): BuyerView {
    const phone = row.phone_enc ? this.pii.decrypt(row.phone_enc) : null;
    return {
      id: row.id,
      nickname: row.nickname,
      phone: phone === null ? null : reveal ? phone : maskPhone(phone),
      phoneMasked: phone !== null && !reveal,
      createdAt: row.created_at,
    };
  }
}
