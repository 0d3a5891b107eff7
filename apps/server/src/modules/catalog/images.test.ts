import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES } from '@livedesk/contracts';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { sniffImage } from './images.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), randomBytes(32)]);

function multipart(files: { name?: string; filename: string; type: string; bytes: Buffer }[]) {
  const boundary = `----livedesk${randomBytes(8).toString('hex')}`;
  const parts = files.map((f) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name ?? 'file'}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`),
      f.bytes,
      Buffer.from('\r\n'),
    ]),
  );
  return { body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('sniffImage', () => {
  it('judges by the bytes, not the name', () => {
    expect(sniffImage(PNG)?.contentType).toBe('image/png');
    expect(sniffImage(JPEG)?.contentType).toBe('image/jpeg');
    expect(sniffImage(WEBP)?.contentType).toBe('image/webp');
    for (const other of ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'GIF89a', 'RIFF....WAVE', '', '\x89PN']) {
      expect(sniffImage(Buffer.from(other, 'latin1'))).toBeNull();
    }
  });
});

describe('Product images', () => {
  let t: TestApp;
  let owner: string;
  let code = 0;
  const newProduct = async () =>
    (await t.request({ method: 'POST', url: '/api/v1/products', token: owner, body: { title: 'Pictured', skus: [{ skuCode: `IMG-${++code}`, priceFen: 1, stock: 0 }] } })).body as {
      id: string;
    };
  const upload = (productId: string, files: Parameters<typeof multipart>[0], token = owner) => {
    const { body, headers } = multipart(files);
    return t.request({ method: 'POST', url: `/api/v1/products/${productId}/images`, token, body, headers });
  };
  const fetchBlob = (url: string, headers: Record<string, string> = {}) => t.livedesk.http.inject({ method: 'GET', url, headers });
  const blobFiles = async () => readdir(join(t.dataDir, 'blobs')).catch(() => [] as string[]);

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  it('stores a PNG, appends it and serves it publicly with long-lived cache headers', async () => {
    const product = await newProduct();
    // The declared type is wrong on purpose: the stored type comes from the bytes.
    const res = await upload(product.id, [{ filename: 'photo.bin', type: 'application/octet-stream', bytes: PNG }]);
    expect(res.status).toBe(201);
    expect(res.body.image.key).toMatch(/^[0-9a-f-]{36}\.png$/);
    expect(res.body.image.url).toBe(`/api/v1/blobs/${res.body.image.key}`);
    expect(res.body.images).toEqual([res.body.image]);

    const served = await fetchBlob(res.body.image.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(PNG)).toBe(true);
    const again = await fetchBlob(res.body.image.url, { 'if-none-match': String(served.headers.etag) });
    expect(again.statusCode).toBe(304);

    const detail = await t.request({ method: 'GET', url: `/api/v1/products/${product.id}`, token: owner });
    expect(detail.body.images).toEqual([res.body.image]);
    const list = await t.request({ method: 'GET', url: '/api/v1/products', token: owner });
    expect(list.body.items.find((p: { id: string }) => p.id === product.id).cover).toEqual(res.body.image);
  });

  it('accepts JPEG and WebP, and exactly 5 MB', async () => {
    const product = await newProduct();
    expect((await upload(product.id, [{ filename: 'a.jpg', type: 'image/jpeg', bytes: JPEG }])).body.image.key).toMatch(/\.jpg$/);
    expect((await upload(product.id, [{ filename: 'a.webp', type: 'image/webp', bytes: WEBP }])).body.image.key).toMatch(/\.webp$/);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES - PNG.length)]);
    const res = await upload(product.id, [{ filename: 'big.png', type: 'image/png', bytes: big }]);
    expect(res.status).toBe(201);
    expect(res.body.images).toHaveLength(3);
  });

  it('refuses a text file named .png, an image over 5 MB and malformed uploads, storing nothing', async () => {
    const product = await newProduct();
    const before = await blobFiles();
    const cases = [
      [{ filename: 'evil.png', type: 'image/png', bytes: Buffer.from('<html><script>alert(1)</script></html>') }],
      [{ filename: 'huge.png', type: 'image/png', bytes: Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES - PNG.length + 1)]) }],
      [
        { filename: 'one.png', type: 'image/png', bytes: PNG },
        { filename: 'two.png', type: 'image/png', bytes: PNG },
      ],
    ];
    for (const files of cases) {
      const res = await upload(product.id, files);
      expect(res.status, files[0]!.filename).toBe(400);
      expect(res.body.error.code).toBe('validation');
    }
    const json = await t.request({ method: 'POST', url: `/api/v1/products/${product.id}/images`, token: owner, body: { file: 'x' } });
    expect(json.status).toBe(400);
    expect((await upload('no-such-product', [{ filename: 'a.png', type: 'image/png', bytes: PNG }])).status).toBe(404);
    expect(await blobFiles()).toEqual(before);
    expect((await t.request({ method: 'GET', url: `/api/v1/products/${product.id}`, token: owner })).body.images).toEqual([]);
  });

  it('needs catalog:write to upload', async () => {
    const product = await newProduct();
    const analyst = await t.memberWithRole('analyst');
    expect((await upload(product.id, [{ filename: 'a.png', type: 'image/png', bytes: PNG }], analyst.token)).status).toBe(403);
    expect((await upload(product.id, [{ filename: 'a.png', type: 'image/png', bytes: PNG }], '')).status).toBe(401);
  });

  it('reorders and removes images through PATCH, deleting removed files', async () => {
    const product = await newProduct();
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) keys.push((await upload(product.id, [{ filename: 'p.png', type: 'image/png', bytes: PNG }])).body.image.key);
    const [a, b, c] = keys as [string, string, string];
    const res = await t.request({ method: 'PATCH', url: `/api/v1/products/${product.id}`, token: owner, body: { images: [c, a] } });
    expect(res.status).toBe(200);
    expect(res.body.images.map((i: { key: string }) => i.key)).toEqual([c, a]);
    expect((await fetchBlob(`/api/v1/blobs/${b}`)).statusCode).toBe(404);
    expect((await fetchBlob(`/api/v1/blobs/${a}`)).statusCode).toBe(200);

    for (const images of [[c, 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.png'], [c, c]]) {
      const bad = await t.request({ method: 'PATCH', url: `/api/v1/products/${product.id}`, token: owner, body: { images } });
      expect(bad.status).toBe(400);
    }
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${product.id}&limit=1`, token: owner });
    expect(log.body.items[0].changes).toEqual([{ field: 'images', from: keys, to: [c, a] }]);
  });

  it('caps a product at 20 images', async () => {
    const product = await newProduct();
    for (let i = 0; i < 20; i++) expect((await upload(product.id, [{ filename: 'p.png', type: 'image/png', bytes: PNG }])).status).toBe(201);
    const res = await upload(product.id, [{ filename: 'p.png', type: 'image/png', bytes: PNG }]);
    expect(res.status).toBe(409);
  });

  it('serves only image keys, never other paths', async () => {
    for (const url of ['/api/v1/blobs/..%2F..%2Flivedesk.db', '/api/v1/blobs/livedesk.db', '/api/v1/blobs/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.png']) {
      const res = await fetchBlob(url);
      expect(res.statusCode, url).toBe(404);
    }
  });
});
