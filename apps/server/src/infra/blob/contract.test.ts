import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBlobStore } from './local.js';
import { InvalidBlobKeyError, type BlobStore } from './port.js';

interface BlobAdapter {
  name: string;
  create(): Promise<{ store: BlobStore; cleanup(): Promise<void> }>;
}

// The contract every BlobStore keeps; an S3 adapter joins this list when it exists.
const adapters: BlobAdapter[] = [
  {
    name: 'local',
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'livedesk-blobs-'));
      return { store: createLocalBlobStore(join(dir, 'blobs')), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

describe.each(adapters)('Blob contract: $name', (adapter) => {
  let store: BlobStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await adapter.create());
  });
  afterAll(() => cleanup());

  it('gives back exactly the bytes and content type it was given', async () => {
    const bytes = randomBytes(64 * 1024);
    // Newlines and NULs inside must survive: the local adapter keeps the content type on the first line.
    bytes[0] = 0x0a;
    bytes[1] = 0x00;
    await store.put('a1.bin', bytes, 'application/octet-stream');
    const blob = await store.get('a1.bin');
    expect(blob?.contentType).toBe('application/octet-stream');
    expect(blob?.bytes.equals(bytes)).toBe(true);
  });

  it('stores empty objects and keys in folders', async () => {
    await store.put('products/org-1/empty.txt', Buffer.alloc(0), 'text/plain');
    const blob = await store.get('products/org-1/empty.txt');
    expect(blob?.bytes.length).toBe(0);
    expect(blob?.contentType).toBe('text/plain');
  });

  it('replaces an object put twice under one key', async () => {
    await store.put('twice.png', Buffer.from('one'), 'image/png');
    await store.put('twice.png', Buffer.from('two'), 'image/webp');
    const blob = await store.get('twice.png');
    expect(blob?.bytes.toString()).toBe('two');
    expect(blob?.contentType).toBe('image/webp');
  });

  it('answers null for a missing key, and deleting is idempotent', async () => {
    expect(await store.get('never-stored.jpg')).toBeNull();
    await store.put('gone.jpg', Buffer.from('x'), 'image/jpeg');
    await store.delete('gone.jpg');
    await store.delete('gone.jpg');
    expect(await store.get('gone.jpg')).toBeNull();
  });

  it('refuses keys that could leave the store', async () => {
    const bad = ['', '../escape', 'a/../../b', '/etc/passwd', 'a\\b', 'a//b', '.', '..', 'a/./b', 'x..png', 'a b', '%2e%2e/x', 'a/', 'x'.repeat(201)];
    for (const key of bad) {
      await expect(store.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
  });

  it('refuses a content type that is not a bare MIME type', async () => {
    await expect(store.put('ct.txt', Buffer.from('x'), 'text/plain\nX-Injected: 1')).rejects.toThrow();
    expect(await store.get('ct.txt')).toBeNull();
  });

  it('keeps concurrent writers of one key whole', async () => {
    const versions = Array.from({ length: 10 }, (_, i) => Buffer.alloc(100_000, i));
    await Promise.all(versions.map((v) => store.put('race.bin', v, 'application/octet-stream')));
    const blob = await store.get('race.bin');
    expect(versions.some((v) => v.equals(blob!.bytes))).toBe(true);
  });
});

describe('local blob store', () => {
  it('keeps its files under its own folder and leaves no temp files behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'livedesk-blobs-'));
    try {
      const store = createLocalBlobStore(join(dir, 'blobs'));
      await store.put('k/one.png', Buffer.from('1'), 'image/png');
      expect(await readdir(dir)).toEqual(['blobs']);
      expect(await readdir(join(dir, 'blobs', 'k'))).toEqual(['one.png']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
