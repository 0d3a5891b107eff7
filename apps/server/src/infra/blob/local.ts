import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { InvalidBlobKeyError, isValidBlobKey, isValidContentType, type BlobStore } from './port.js';

/**
 * Blobs as files under one folder (`<dataDir>/blobs`), for a single node. Each file holds the content
 * type on its first line and the bytes after it, so one rename publishes both at once.
 */
export function createLocalBlobStore(root: string): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    if (!isValidBlobKey(key)) throw new InvalidBlobKeyError(key);
    const path = resolve(base, key);
    // The key syntax already rules out `..` and absolute paths; this is the second lock on the same door.
    if (!path.startsWith(base + sep)) throw new InvalidBlobKeyError(key);
    return path;
  };

  return {
    async put(key, bytes, contentType) {
      const path = pathOf(key);
      if (!isValidContentType(contentType)) throw new Error(`not a valid content type: ${contentType}`);
      await mkdir(dirname(path), { recursive: true });
      // Written beside the target and renamed over it: a crash leaves the old blob or a stray temp file
      // (whose name, with its extra dots, no key can ever reach), never a half-written blob.
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const file = await open(temp, 'wx');
      try {
        await file.writeFile(Buffer.concat([Buffer.from(`${contentType}\n`), bytes]));
        await file.sync();
      } finally {
        await file.close();
      }
      try {
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },

    async get(key) {
      let data: Buffer;
      try {
        data = await readFile(pathOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const newline = data.indexOf(0x0a);
      if (newline < 0) throw new Error(`blob ${key} is corrupt: no content type line`);
      return { contentType: data.subarray(0, newline).toString('utf8'), bytes: data.subarray(newline + 1) };
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

export const localBlobRoot = (dataDir: string) => join(dataDir, 'blobs');
