import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertClinicPrefix, assertStorageKey, type ByteRange, FileStorage, type ObjectInfo, ObjectNotFoundError } from './file-storage.js';

/**
 * Files on the local disk under one folder (DATA_DIR/files by default): `<root>/<clinic id>/<uuid>`.
 * An upload is written to `<root>/.incoming/` first and renamed into place once complete and flushed,
 * so a reader never sees half a file and a failed upload leaves nothing under its key.
 */
export class LocalFileStorage extends FileStorage {
  readonly driver = 'local' as const;
  private readonly root: string;
  private readonly incoming: string;

  constructor(root: string) {
    super();
    this.root = path.resolve(root);
    this.incoming = path.join(this.root, '.incoming');
  }

  async test(): Promise<void> {
    await this.ensureIncoming();
    const probe = path.join(this.incoming, `probe-${randomUUID()}`);
    const handle = await open(probe, 'wx', 0o600);
    await handle.close();
    await rm(probe);
  }

  /**
   * The files root and its `.incoming` are private (0700); the folders above it keep the default mode.
   * Created together, the shared data folder (DATA_DIR, which also holds the embedded PostgreSQL cluster)
   * would be 0700 too, and PostgreSQL, run as its own user when the app runs as root, could not reach it.
   */
  private async ensureIncoming(): Promise<void> {
    await mkdir(path.dirname(this.root), { recursive: true });
    await mkdir(this.incoming, { recursive: true, mode: 0o700 });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      return { size: (await stat(this.pathOf(key))).size };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async createReadStream(key: string, range?: ByteRange): Promise<Readable> {
    // Opened first so that an absent file fails here, not as a stream error after the headers went out.
    const handle = await open(this.pathOf(key), 'r').catch((error: unknown) => {
      throw isNotFound(error) ? new ObjectNotFoundError(key) : error;
    });
    return handle.createReadStream({ start: range?.start, end: range?.end, autoClose: true, highWaterMark: 256 * 1024 });
  }

  async upload(key: string, body: Readable, _contentType: string): Promise<void> {
    const target = this.pathOf(key);
    await this.ensureIncoming();
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const draft = path.join(this.incoming, randomUUID());
    try {
      await pipeline(body, createWriteStream(draft, { flags: 'wx', mode: 0o600, flush: true }));
      await rename(draft, target);
    } catch (error) {
      await rm(draft, { force: true });
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async list(clinicId: string): Promise<string[]> {
    try {
      const names = await readdir(path.join(this.root, assertClinicPrefix(clinicId)));
      return names.map((name) => `${clinicId}/${name}`).sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /** The key's file, checked twice: the key's shape, and that the path stays inside the root. */
  private pathOf(key: string): string {
    const full = path.resolve(this.root, assertStorageKey(key));
    if (!full.startsWith(this.root + path.sep)) throw new Error(`Storage key escapes the root: ${key}`);
    return full;
  }
}

const isNotFound = (error: unknown) => (error as { code?: string }).code === 'ENOENT';
