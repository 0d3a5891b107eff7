import type { OrgView } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/time.js';
import { diff, type AuditService } from '../audit/service.js';
import { identityRepo } from './repo.js';
import { createOrgRow, orgView } from './service.js';

export class OrgsService {
  constructor(
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Any signed-in user may open a new organisation and becomes its owner. */
  async create(actor: Actor, name: string, timezone = 'Asia/Shanghai'): Promise<OrgView> {
    const now = this.clock.now();
    return this.audit.transaction(actor, async (tx, record) => {
      const org = await createOrgRow(tx, name, timezone, now);
      await identityRepo.insertMembership(tx, { org_id: org.id, user_id: actor.id, role: 'owner', status: 'active', created_at: now });
      // Recorded in the new org's log, where its owners will look for it.
      await record({
        orgId: org.id,
        action: 'org.create',
        targetType: 'org',
        targetId: org.id,
        changes: [{ field: 'name', from: null, to: name }],
      });
      return orgView(org);
    });
  }

  async update(actor: Actor, patch: { name?: string; timezone?: string }): Promise<OrgView> {
    return this.audit.transaction(actor, async (tx, record) => {
      const org = await identityRepo.orgById(tx, actor.orgId);
      if (!org) throw notFound('Organisation', actor.orgId);
      const changes = diff({ name: org.name, timezone: org.timezone }, patch);
      if (changes?.length) {
        await identityRepo.updateOrg(tx, org.id, patch);
        await record({ action: 'org.update', targetType: 'org', targetId: org.id, changes });
      }
      return orgView({ ...org, ...patch });
    });
  }
}
