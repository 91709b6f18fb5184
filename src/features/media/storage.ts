import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where image bytes live. Keys are made by the server only (`<user id>/<media id>.webp`), so
 * an S3-compatible store can implement the same four calls with objects and prefixes.
 */
export interface MediaStorage {
  put(key: string, data: Buffer): Promise<void>;
  /** null when there is no such object */
  get(key: string): Promise<Buffer | null>;
  /** no error when it is already gone */
  delete(key: string): Promise<void>;
  /** deletes every object under `<prefix>/` (all media of one user) */
  deletePrefix(prefix: string): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\.webp$/;

/** Files under `<data dir>/media/<user id>/<media id>.webp`, written atomically, mode 0600. */
export class FilesystemMediaStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  /** Refuses anything that is not a key we make: no separators beyond the one, no dots, no `..`. */
  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a media key: ${JSON.stringify(key)}`);
    const resolved = path.resolve(this.root, key);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error('media key escapes the media folder');
    return resolved;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, data, { mode: 0o600 });
    await fs.rename(temporary, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    if (!SEGMENT.test(prefix)) throw new Error(`not a media prefix: ${JSON.stringify(prefix)}`);
    await fs.rm(path.join(this.root, prefix), { recursive: true, force: true });
  }
}
