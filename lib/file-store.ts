// Content-addressed file store under config.filesDir: `<aa>/<bb>/<sha256>`. Identical scans are
// stored once; a file is never overwritten, so a stored hash always names the same bytes.
//
// Two phases, so that a caller can still refuse the request after the bytes arrived (a bad
// metadata field after the file part): `receive` streams to a temp file in the same filesystem
// (rename is then atomic) and checks the type by content; `commit` moves it into place and
// `discard` deletes it. A rejected upload leaves nothing behind.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';

/** Scans as they come from office scanners; anything else is refused by content, not by name. */
export const ALLOWED_FILE_TYPES = ['application/pdf', 'image/tiff', 'image/jpeg', 'image/png'] as const;
export type AllowedFileType = (typeof ALLOWED_FILE_TYPES)[number];

export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
}

export class FileTypeNotAllowedError extends Error {
  override name = 'FileTypeNotAllowedError';
  constructor(readonly detected: string | undefined) {
    super(`file type ${detected ?? 'unknown'} is not allowed`);
  }
}

export interface StagedFile {
  tempPath: string;
  sha256: string;
  size: number;
  type: AllowedFileType;
}

export interface StoredFile {
  path: string;
  sha256: string;
  size: number;
  type: AllowedFileType;
}

export interface FileStore {
  readonly root: string;
  /**
   * Streams into a temp file while hashing and counting. `isTruncated` lets a caller whose source
   * cuts streams at a limit (busboy) report that as too large rather than as a short file.
   */
  receive(source: Readable, options?: { maxBytes?: number; isTruncated?: () => boolean }): Promise<StagedFile>;
  commit(staged: StagedFile): Promise<StoredFile>;
  discard(staged: StagedFile): Promise<void>;
  pathOf(sha256: string): string;
}

export function createFileStore(root: string): FileStore {
  const tmpDir = path.join(root, '.tmp');

  function pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async function receive(source: Readable, options: { maxBytes?: number; isTruncated?: () => boolean } = {}): Promise<StagedFile> {
    await mkdir(tmpDir, { recursive: true });
    const tempPath = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          done(new FileTooLargeError(`file exceeds ${options.maxBytes} bytes`));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx' }));
      if (options.isTruncated?.()) throw new FileTooLargeError('file exceeds the upload limit');
      const detected = await fileTypeFromFile(tempPath);
      const type = ALLOWED_FILE_TYPES.find((t) => t === detected?.mime);
      if (!type) throw new FileTypeNotAllowedError(detected?.mime);
      return { tempPath, sha256: hash.digest('hex'), size, type };
    } catch (err) {
      await rm(tempPath, { force: true });
      throw err;
    }
  }

  async function commit(staged: StagedFile): Promise<StoredFile> {
    const target = pathOf(staged.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const existing = await stat(target).catch(() => undefined);
    if (existing) {
      // Same hash, same bytes: keep the stored copy untouched.
      await rm(staged.tempPath, { force: true });
    } else {
      await rename(staged.tempPath, target);
    }
    return { path: target, sha256: staged.sha256, size: staged.size, type: staged.type };
  }

  async function discard(staged: StagedFile): Promise<void> {
    await rm(staged.tempPath, { force: true });
  }

  return { root, receive, commit, discard, pathOf };
}
