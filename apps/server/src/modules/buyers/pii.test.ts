import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { PiiCipher, maskAddressDetail, maskName, maskPhone } from '../../lib/crypto.js';
import { parsePiiKeys } from '../../lib/secrets.js';
import { startTestApp, type TestApp } from '../../testing/app.js';

const key = () => randomBytes(32).toString('base64');

describe('PII cipher', () => {
  it('round-trips and never repeats a ciphertext', () => {
    const cipher = new PiiCipher({ ...parsePiiKeys(`k1:${key()}`), hashKey: randomBytes(32) });
    const a = cipher.encrypt('13812348000');
    const b = cipher.encrypt('13812348000');
    expect(a).not.toBe(b);
    expect(a.startsWith('k1.')).toBe(true);
    expect(cipher.decrypt(a)).toBe('13812348000');
  });

  it('keeps decrypting old values after a key rotation', () => {
    const k1 = key();
    const hashKey = randomBytes(32);
    const before = new PiiCipher({ ...parsePiiKeys(`k1:${k1}`), hashKey });
    const old = before.encrypt('浙江省杭州市西湖区文三路 1 号');
    const after = new PiiCipher({ ...parsePiiKeys(`k2:${key()},k1:${k1}`), hashKey });
    expect(after.encrypt('x').startsWith('k2.')).toBe(true);
    expect(after.decrypt(old)).toBe('浙江省杭州市西湖区文三路 1 号');
    expect(after.lookupHash('13812348000')).toBe(before.lookupHash('13812348000'));
  });

  it('detects tampering', () => {
    const cipher = new PiiCipher({ ...parsePiiKeys(`k1:${key()}`), hashKey: randomBytes(32) });
    const [id, iv, tag, data] = cipher.encrypt('13812348000').split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => cipher.decrypt([id, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });

  it('refuses bad key specs', () => {
    expect(() => parsePiiKeys('')).toThrow();
    expect(() => parsePiiKeys(`bad id:${key()}`)).toThrow();
    expect(() => parsePiiKeys('k1:c2hvcnQ=')).toThrow();
  });

  it('masks the way Chinese shops do', () => {
    expect(maskPhone('13812348000')).toBe('138****8000');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
    expect(maskAddressDetail('文三路 100 号 3 幢')).toBe('文三路 ****');
  });
});

describe('buyers: encrypted at rest, masked, audited when revealed', () => {
  let t: TestApp;
  let owner: string;
  let buyerId: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
    const res = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: { nickname: '小王', phone: '13812348000' } });
    expect(res.status).toBe(201);
    buyerId = res.body.buyerId;
  });
  afterAll(() => t.close());

  it('stores no plaintext phone', async () => {
    const row = await t.livedesk.infra.db.kysely.selectFrom('buyers').selectAll().where('id', '=', buyerId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('13812348000');
    expect(row.phone_enc).toMatch(/^k1\./);
  });

  it('finds a buyer by exact phone and shows it masked', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/buyers?phone=13812348000', token: owner });
    expect(res.body.items).toEqual([expect.objectContaining({ id: buyerId, phone: '138****8000', phoneMasked: true })]);
    const none = await t.request({ method: 'GET', url: '/api/v1/buyers?phone=13812348001', token: owner });
    expect(none.body.items).toEqual([]);
  });

  it('reveals only with pii:read, and audits every reveal', async () => {
    const operator = await t.memberWithRole('operator');
    const masked = await t.request({ method: 'GET', url: `/api/v1/buyers/${buyerId}`, token: operator.token });
    expect(masked.body.phone).toBe('138****8000');
    const refused = await t.request({ method: 'GET', url: `/api/v1/buyers/${buyerId}?reveal=1`, token: operator.token });
    expect(refused.status).toBe(403);

    const cs = await t.memberWithRole('customer_service');
    const revealed = await t.request({ method: 'GET', url: `/api/v1/buyers/${buyerId}?reveal=1`, token: cs.token });
    expect(revealed.body).toMatchObject({ phone: '13812348000', phoneMasked: false });
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=buyer.reveal_pii&targetId=${buyerId}`, token: owner });
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ actorId: cs.user.id, targetType: 'buyer' });
  });

  it('refuses a malformed phone and keeps nothing', async () => {
    const before = await t.livedesk.infra.db.kysely.selectFrom('buyers').select('id').execute();
    const res = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: { phone: '12345' } });
    expect(res.status).toBe(400);
    const after = await t.livedesk.infra.db.kysely.selectFrom('buyers').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('gives the buyer a token that is not a staff credential', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: {} });
    expect((await t.request({ method: 'GET', url: '/api/v1/me', token: res.body.token })).status).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/v1/audit-log', token: res.body.token })).status).toBe(401);
  });
});
