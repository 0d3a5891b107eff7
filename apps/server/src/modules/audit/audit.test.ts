import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { waitFor } from '../../infra/testing/wait.js';

async function listen(t: TestApp): Promise<string> {
  await t.livedesk.http.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.livedesk.http.server.address() as { port: number };
  return `ws://127.0.0.1:${port}`;
}

/** A console's socket, collecting the frames it is pushed. */
async function openConsoleSocket(base: string, token: string) {
  const frames: { type: string; entry?: { action: string; targetId: string } }[] = [];
  const socket = new WebSocket(`${base}/api/v1/ws?token=${encodeURIComponent(token)}`);
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  await waitFor(() => frames.some((f) => f.type === 'ready'), { what: 'socket ready' });
  return { frames, close: () => socket.close() };
}

describe('audit log', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  it('records a staff write with actor, target, time and changed fields', async () => {
    const member = await t.memberWithRole('analyst');
    const before = Date.now();
    await t.request({ method: 'PATCH', url: `/api/v1/users/${member.user.id}`, token: owner, body: { role: 'finance' } });
    const res = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=user.update&targetId=${member.user.id}`, token: owner });
    expect(res.body.items).toHaveLength(1);
    const [entry] = res.body.items;
    expect(entry).toMatchObject({
      actorType: 'user',
      actorName: 'owner',
      targetType: 'user',
      targetId: member.user.id,
      changes: [{ field: 'role', from: 'analyst', to: 'finance' }],
    });
    expect(entry.at).toBeGreaterThanOrEqual(before);
    expect(entry.requestId).toBeTruthy();
  });

  it('records sign-ins', async () => {
    const auth = await t.login();
    const res = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=auth.login&actorId=${auth.user.id}`, token: owner });
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('pages newest first with an opaque cursor, without gaps or repeats', async () => {
    for (let i = 0; i < 7; i++) {
      await t.request({ method: 'PATCH', url: '/api/v1/org', token: owner, body: { name: `Shop ${i}` } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit-log?action=org.update&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request({ method: 'GET', url, token: owner });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('filters by time range', async () => {
    const future = Date.now() + 60_000;
    const res = await t.request({ method: 'GET', url: `/api/v1/audit-log?from=${future}`, token: owner });
    expect(res.body.items).toEqual([]);
  });

  it('refuses a forged cursor and a limit out of range', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/audit-log?cursor=bm90LWEtY3Vyc29y', token: owner })).status).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/audit-log?limit=1000', token: owner })).status).toBe(400);
  });

  it('keeps neither the change nor its audit row when the change fails', async () => {
    const countRows = async () => (await t.livedesk.infra.db.kysely.selectFrom('audit_log').select('id').execute()).length;
    const before = await countRows();
    const failing = t.livedesk.services.audit.transaction(
      { kind: 'system', id: 'system', name: 'test', orgId: 'x', role: null, permissions: new Set(), ip: null, requestId: null },
      async (tx, record) => {
        await record({ action: 'test.write', targetType: 'test' });
        await tx.insertInto('orgs').values({ id: 'dup', name: 'a', slug: 'dup-slug', timezone: 'UTC', created_at: 1 }).execute();
        await tx.insertInto('orgs').values({ id: 'dup', name: 'b', slug: 'dup-slug-2', timezone: 'UTC', created_at: 1 }).execute();
      },
    );
    await expect(failing).rejects.toThrow();
    expect(await countRows()).toBe(before);
    expect(await t.livedesk.infra.db.kysely.selectFrom('orgs').select('id').where('id', '=', 'dup').execute()).toEqual([]);
  });

  it('pushes new entries to open consoles of the same org only', async () => {
    const base = await listen(t);
    const watcher = await openConsoleSocket(base, owner);
    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Elsewhere' } });
    const elsewhere = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: other.body.id } });
    const outsider = await openConsoleSocket(base, elsewhere.body.token);

    const member = await t.memberWithRole('anchor');
    await waitFor(() => watcher.frames.some((f) => f.entry?.action === 'user.add' && f.entry.targetId === member.user.id), {
      what: 'live audit frame',
    });
    expect(outsider.frames.filter((f) => f.entry?.targetId === member.user.id)).toEqual([]);
    watcher.close();
    outsider.close();
  });

  it('refuses a socket without a valid token', async () => {
    const base = await listen(t).catch(() => `ws://127.0.0.1:${(t.livedesk.http.server.address() as { port: number }).port}`);
    for (const query of ['?token=forged', '']) {
      const code = await new Promise<number>((resolve) => {
        const socket = new WebSocket(`${base}/api/v1/ws${query}`);
        socket.on('close', (closeCode) => resolve(closeCode));
      });
      expect(code).toBe(4401);
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL || !(process.env.REDIS_URL || process.env.NATS_URL))('audit feed across two nodes', () => {
  it('reaches a console on node B when the change is made on node A', async () => {
    const a = await startTestApp();
    const b = await startTestApp({}, { joining: a });
    try {
      const base = await listen(b);
      const ownerOnB = (await b.login()).token;
      const watcher = await openConsoleSocket(base, ownerOnB);
      const member = await a.memberWithRole('warehouse');
      await waitFor(() => watcher.frames.some((f) => f.entry?.targetId === member.user.id), { what: 'cross-node frame' });
      watcher.close();
    } finally {
      await b.close();
      await a.close();
    }
  });
});
