import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, permissions, roles, type Permission, type Role } from '@livedesk/contracts';
import { startTestApp, type TestApp } from '../../testing/app.js';

/**
 * The access policy written out a second time, by hand, one row per permission: a change to the role
 * table in contracts must be made here too, on purpose. Columns: owner admin operator anchor
 * customer_service finance warehouse analyst.
 */
const policy = `
org:manage         Y N N N N N N N
users:read         Y Y Y N N N N N
users:manage       Y Y N N N N N N
apikeys:manage     Y Y N N N N N N
audit:read         Y Y N N N Y N N
pii:read           Y Y N N Y N Y N
buyers:read        Y Y Y N Y Y Y N
catalog:read       Y Y Y Y Y N Y Y
catalog:write      Y Y Y N N N N N
inventory:read     Y Y Y N N N Y Y
inventory:write    Y Y N N N N Y N
orders:read        Y Y Y N Y Y Y Y
orders:write       Y Y N N Y N N N
payments:refund    Y Y N N N Y N N
fulfillment:read   Y Y Y N N N Y Y
fulfillment:write  Y Y N N N N Y N
aftersales:read    Y Y Y N Y Y Y Y
aftersales:write   Y Y N N Y N N N
live:read          Y Y Y Y Y N N Y
live:manage        Y Y Y N N N N N
live:moderate      Y Y Y Y Y N N N
analytics:read     Y Y Y Y N Y N Y
reviews:write      Y Y Y N N N N Y
alerts:manage      Y Y Y N N N N N
connectors:manage  Y Y N N N N N N
`;
const columns: Role[] = ['owner', 'admin', 'operator', 'anchor', 'customer_service', 'finance', 'warehouse', 'analyst'];
const expected = new Map<string, boolean>();
for (const line of policy.trim().split('\n')) {
  const [permission, ...cells] = line.trim().split(/\s+/);
  cells.forEach((cell, i) => expected.set(`${columns[i]}|${permission}`, cell === 'Y'));
}

describe('role × permission table', () => {
  it('covers every role and every permission', () => {
    expect([...columns].sort()).toEqual([...roles].sort());
    expect(expected.size).toBe(roles.length * permissions.length);
  });

  for (const role of roles) {
    for (const permission of permissions) {
      it(`${role} ${expected.get(`${role}|${permission}`) ? 'has' : 'lacks'} ${permission}`, () => {
        expect(hasPermission(role, permission)).toBe(expected.get(`${role}|${permission}`));
      });
    }
  }
});

/** Endpoints guarded by one permission each, to check the table is what the server enforces. */
const probes: { permission: Permission; method: 'GET' | 'PATCH'; url: string; body?: unknown }[] = [
  { permission: 'users:read', method: 'GET', url: '/api/v1/users' },
  { permission: 'apikeys:manage', method: 'GET', url: '/api/v1/api-keys' },
  { permission: 'audit:read', method: 'GET', url: '/api/v1/audit-log' },
  { permission: 'buyers:read', method: 'GET', url: '/api/v1/buyers?phone=13800138000' },
  { permission: 'org:manage', method: 'PATCH', url: '/api/v1/org', body: {} },
];

describe('every role against the guarded endpoints', () => {
  let t: TestApp;
  const sessions = new Map<Role, string>();
  beforeAll(async () => {
    t = await startTestApp();
    for (const role of roles) sessions.set(role, role === 'owner' ? (await t.login()).token : (await t.memberWithRole(role)).token);
  });
  afterAll(() => t.close());

  for (const role of roles) {
    for (const probe of probes) {
      const allowed = expected.get(`${role}|${probe.permission}`);
      it(`${role} ${probe.method} ${probe.url} → ${allowed ? '2xx' : '403'}`, async () => {
        const res = await t.request({ method: probe.method, url: probe.url, token: sessions.get(role), body: probe.body });
        if (allowed) expect(res.status).toBeLessThan(300);
        else {
          expect(res.status).toBe(403);
          expect(res.body.error).toMatchObject({ code: 'forbidden', details: { required: probe.permission } });
        }
      });
    }
  }
});
