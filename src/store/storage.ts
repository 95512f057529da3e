/**
 * Where uploaded files live: outside the database, addressed by keys Chorus generates. The local
 * backend writes under one directory; an object-store backend (S3 and the like) can implement the
 * same four calls for a scale-out deployment whose processes do not share a disk.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface Storage {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  stream(key: string): NodeJS.ReadableStream;
  delete(key: string): Promise<void>;
}

// Keys are made by Chorus (ids, never user file names), so a strict shape costs nothing and makes
// path traversal impossible: no "..", no absolute paths, no backslashes, no empty segments.
const keyShape = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*(?:\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)*$/;

export function createLocalStorage(dir: string): Storage {
  const root = path.resolve(dir);
  const fileOf = (key: string): string => {
    if (key.length > 200 || !keyShape.test(key)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    const file = path.resolve(root, key);
    // Belt and braces: the shape already rules this out.
    if (!file.startsWith(root + path.sep)) throw new Error(`Storage key escapes the storage directory: ${key}`);
    return file;
  };
  return {
    async put(key, data) {
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Write then rename, so a reader never sees half a file and a crash leaves no torn one.
      const tmp = `${file}.${randomUUID()}.tmp`;
      await fs.promises.writeFile(tmp, data, { mode: 0o600 });
      await fs.promises.rename(tmp, file);
    },
    async get(key) {
      return fs.promises.readFile(fileOf(key));
    },
    stream(key) {
      return fs.createReadStream(fileOf(key));
    },
    async delete(key) {
      await fs.promises.rm(fileOf(key), { force: true });
    },
  };
}

/** The default media storage: `<CHORUS_DATA_DIR>/media`. */
export function mediaStorage(config: { dataDir: string }): Storage {
  return createLocalStorage(path.join(config.dataDir, "media"));
}
