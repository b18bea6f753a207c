// The scanners' hot folder: a clerk's workstation scans into `<dataDir>/inbox/<workstation>/`, and
// each file found there is received as an incoming document exactly as an upload through the API
// is (lib/correspondence/service.ts receiveHotFolderFile): stored in the file store, a document row,
// its process (registration on the day of receipt, CMU resolution 55 of 17.01.2018; card check;
// OCR) started through the outbox.
//
// The folder is polled rather than watched: scanners write to network shares, where change events
// are unreliable or missing, and a poll sees every file a restart might have missed. A file is
// taken once its size and modification time have stayed the same for `settleMs` (a scanner writes
// in bursts), and claimed by an atomic rename into `processing/` under a name we make, so a second
// workers process watching the same folder skips it, and the client's name is never part of a path.
// It ends in `done/`, or in `failed/` with `<name>.reason.txt` saying why (also for a duplicate).
import { randomUUID } from 'node:crypto';
import { constants, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../lib/db.ts';
import { FileTooLargeError, FileTypeNotAllowedError, ALLOWED_FILE_TYPES, type FileStore, type StagedFile } from '../lib/file-store.ts';
import { receiveHotFolderFile } from '../lib/correspondence/service.ts';

const SUBFOLDERS = ['processing', 'done', 'failed'] as const;
// Scanner and copy tools write under these names and rename when done: not ours to take yet.
const IN_PROGRESS = /\.(part|partial|tmp|crdownload|filepart|download)$/i;
// Becomes part of log lines and audit entries: a plain identifier only.
const WORKSTATION = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;
const CLAIM_SEPARATOR = '--';

export interface HotFolderOptions {
  /** `<dataDir>/inbox`; each subfolder is a workstation. */
  inboxDir: string;
  db: Db;
  files: FileStore;
  log: Logger;
  maxBytes: number;
  pollIntervalMs?: number;
  /** How long a file must stay unchanged before it is taken. */
  settleMs?: number;
  /** Called after a document is received, to start its process soon (the outbox starter). */
  onReceived?: () => void;
  now?: () => Date;
}

export interface HotFolder {
  /** One pass over every workstation folder; resolves when the files taken in it are done. */
  scanOnce(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export interface HotFolderSettings {
  inboxDir: string;
  pollIntervalMs: number;
  settleMs: number;
}

/** `HROMADA_HOT_FOLDER_POLL_MS=0` turns the hot folder off. */
export function readHotFolderSettings(env: NodeJS.ProcessEnv, dataDir: string): HotFolderSettings {
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
    return value;
  };
  return {
    inboxDir: path.join(dataDir, 'inbox'),
    pollIntervalMs: number('HROMADA_HOT_FOLDER_POLL_MS', 500),
    settleMs: number('HROMADA_HOT_FOLDER_SETTLE_MS', 1000),
  };
}

type Outcome =
  | { kind: 'done'; documentId: string }
  | { kind: 'failed'; code: string; uk: string; en: string; documentId?: string };

/** A name that, read as a path on any system the share is mounted on, could leave the folder or hide. */
export function unsafeNameReason(raw: Buffer): string | undefined {
  const name = raw.toString('utf8');
  if (!Buffer.from(name, 'utf8').equals(raw)) return 'not valid UTF-8';
  if (raw.length > 255) return 'longer than 255 bytes';
  if (/[/\\:]/.test(name)) return 'contains a path separator';
  if (/\p{Cc}/u.test(name)) return 'contains control characters';
  if (name === '.' || name === '..') return 'is a relative path';
  return undefined;
}

/** The client's name made safe to show and to keep as the last part of our own file names. */
export function displayName(raw: Buffer | string): string {
  const name = typeof raw === 'string' ? raw : raw.toString('utf8');
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N} ._()-]/gu, '_').replace(/^[.\s]+/, '').replace(/_+/g, '_').trim();
  if (cleaned === '') return 'file';
  if (cleaned.length <= 100) return cleaned;
  const ext = path.extname(cleaned).slice(0, 10);
  return cleaned.slice(0, 100 - ext.length) + ext;
}

export function startHotFolder(options: HotFolderOptions): HotFolder {
  const { inboxDir, db, files, log, maxBytes } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const settleMs = options.settleMs ?? 1000;
  const now = options.now ?? (() => new Date());
  /** Last size and mtime of each candidate, and since when they have not changed. */
  const observed = new Map<string, { size: number; mtimeMs: number; since: number }>();
  const warnedWorkstations = new Set<string>();
  const prepared = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let recovered = false;

  async function prepare(wsDir: string): Promise<void> {
    if (prepared.has(wsDir)) return;
    for (const sub of SUBFOLDERS) await mkdir(path.join(wsDir, sub), { recursive: true });
    prepared.add(wsDir);
  }

  async function scanOnce(): Promise<void> {
    await mkdir(inboxDir, { recursive: true });
    const workstations = (await readdir(inboxDir, { withFileTypes: true })).filter((d) => d.isDirectory());
    const seen = new Set<string>();
    for (const ws of workstations) {
      if (stopped) return;
      if (!WORKSTATION.test(ws.name)) {
        if (!warnedWorkstations.has(ws.name)) log.warn('a folder in the inbox has a name that is not a workstation identifier; ignored');
        warnedWorkstations.add(ws.name);
        continue;
      }
      const wsDir = path.join(inboxDir, ws.name);
      await prepare(wsDir);
      if (!recovered) await recover(ws.name, wsDir);
      // Raw names: a name that is not valid UTF-8 must still be renamed by its exact bytes.
      const entries = await readdir(wsDir, { withFileTypes: true, encoding: 'buffer' }) as unknown as Array<Dirent<Buffer>>;
      for (const entry of entries) {
        if (stopped) return;
        const name = entry.name;
        const text = name.toString('utf8');
        if ((SUBFOLDERS as readonly string[]).includes(text) && entry.isDirectory()) continue;
        if (IN_PROGRESS.test(text)) continue;
        const unsafe = unsafeNameReason(name);
        // Hidden files (a desktop's metadata, a scanner's own temp file) are not documents.
        if (!unsafe && text.startsWith('.')) continue;
        const key = `${ws.name}/${name.toString('hex')}`;
        seen.add(key);
        const full = Buffer.concat([Buffer.from(wsDir + path.sep), name]);
        const info = await lstat(full).catch(() => undefined);
        if (!info) continue;
        if (!unsafe && info.isFile() && !settled(key, info.size, info.mtimeMs)) continue;
        observed.delete(key);
        await claimAndProcess(ws.name, wsDir, full, name, unsafe);
      }
    }
    recovered = true;
    for (const key of observed.keys()) if (!seen.has(key)) observed.delete(key);
  }

  function settled(key: string, size: number, mtimeMs: number): boolean {
    const at = Date.now();
    const last = observed.get(key);
    if (!last || last.size !== size || last.mtimeMs !== mtimeMs) {
      observed.set(key, { size, mtimeMs, since: at });
      return false;
    }
    return at - last.since >= settleMs;
  }

  /**
   * Files a crashed run left in processing/: received again, which gives a claim whose document
   * was already received that document back (the service is idempotent per claim).
   */
  async function recover(workstation: string, wsDir: string): Promise<void> {
    const processing = path.join(wsDir, 'processing');
    for (const name of await readdir(processing)) {
      const claimId = name.split(CLAIM_SEPARATOR)[0] ?? '';
      if (!/^[0-9a-f-]{36}$/.test(claimId)) continue;
      const claimed = path.join(processing, name);
      const original = name.slice(claimId.length + CLAIM_SEPARATOR.length);
      await finish(wsDir, claimed, original, await receiveFile(workstation, claimId, claimed, undefined));
    }
  }

  async function claimAndProcess(workstation: string, wsDir: string, full: Buffer, name: Buffer, unsafe: string | undefined): Promise<void> {
    const claimId = randomUUID();
    const shown = displayName(name);
    const claimed = path.join(wsDir, 'processing', `${claimId}${CLAIM_SEPARATOR}${shown}`);
    try {
      await rename(full, claimed);
    } catch (error) {
      // Another workers process took it first, or the scanner removed it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let outcome: Outcome;
    try {
      outcome = await receiveFile(workstation, claimId, claimed, unsafe);
    } catch (error) {
      // A database or disk failure: leave the file claimed; the next start retries it (recover).
      log.error({ workstation, claimId, error: (error as Error).message }, 'hot-folder file could not be processed; left in processing/');
      return;
    }
    await finish(wsDir, claimed, shown, outcome);
  }

  async function receiveFile(workstation: string, claimId: string, claimed: string, unsafe: string | undefined): Promise<Outcome> {
    if (unsafe) return { kind: 'failed', code: 'unsafe-name', uk: `Недопустима назва файлу (${unsafe}): перейменуйте файл і покладіть його знову.`, en: `Unsafe file name (${unsafe}): rename the file and drop it again.` };
    const info = await lstat(claimed);
    if (!info.isFile()) return { kind: 'failed', code: 'not-a-file', uk: 'Це не звичайний файл (посилання або пристрій).', en: 'Not a regular file (a link or a device).' };
    if (info.size === 0) return { kind: 'failed', code: 'empty', uk: 'Файл порожній (0 байт): відскануйте документ ще раз.', en: 'The file is empty (0 bytes): scan the document again.' };
    if (info.size > maxBytes) return { kind: 'failed', code: 'too-large', uk: `Файл більший за ${maxBytes} байт.`, en: `The file is larger than ${maxBytes} bytes.` };

    let staged: StagedFile;
    try {
      // O_NOFOLLOW: a link swapped in after the check above is refused, not followed.
      const handle = await open(claimed, constants.O_RDONLY | constants.O_NOFOLLOW);
      staged = await files.receive(handle.createReadStream(), { maxBytes });
    } catch (error) {
      if (error instanceof FileTypeNotAllowedError) {
        return { kind: 'failed', code: 'type', uk: `Файл не є скан-копією: приймаються ${ALLOWED_FILE_TYPES.join(', ')} (визначено за вмістом, не за назвою).`, en: `Not a scan: accepted are ${ALLOWED_FILE_TYPES.join(', ')} (judged by content, not by name).` };
      }
      if (error instanceof FileTooLargeError) return { kind: 'failed', code: 'too-large', uk: `Файл більший за ${maxBytes} байт.`, en: `The file is larger than ${maxBytes} bytes.` };
      throw error;
    }

    const received = await receiveHotFolderFile({ db, files }, {
      staged,
      fileName: displayName(path.basename(claimed).slice(claimId.length + CLAIM_SEPARATOR.length)),
      workstation,
      claimId,
    });
    if (received.status === 'duplicate') {
      const { id, registrationIndex } = received.existing;
      const index = registrationIndex ?? 'ще не присвоєно';
      log.info({ workstation, claimId, duplicateOf: id, sha256: staged.sha256 }, 'hot-folder file is a duplicate');
      return {
        kind: 'failed', code: 'duplicate', documentId: id,
        uk: `Дублікат: такий самий файл уже зареєстровано (документ ${id}, реєстраційний індекс ${index}). Повторно не реєструється.`,
        en: `Duplicate: the same file is already registered (document ${id}, registration index ${registrationIndex ?? 'not yet assigned'}). Not registered again.`,
      };
    }
    if (received.created) {
      options.onReceived?.();
      // Ids only: the name and the contents may carry personal data (Law 2297-VI).
      log.info({ workstation, claimId, businessKey: received.id, sha256: staged.sha256, size: staged.size, type: staged.type }, 'hot-folder document received');
    }
    return { kind: 'done', documentId: received.id };
  }

  async function finish(wsDir: string, claimed: string, shown: string, outcome: Outcome): Promise<void> {
    const folder = path.join(wsDir, outcome.kind);
    const target = await freeName(folder, shown);
    await rename(claimed, target);
    if (outcome.kind === 'failed') {
      const lines = [
        `Файл / File: ${shown}`,
        `Час / Time: ${now().toISOString()}`,
        `Причина: ${outcome.uk}`,
        `Reason: ${outcome.en}`,
        `Code: ${outcome.code}`,
      ];
      if (outcome.documentId) lines.push(`Document: ${outcome.documentId}`);
      await writeFile(`${target}.reason.txt`, lines.join('\n') + '\n', { encoding: 'utf8', flag: 'w' });
      log.warn({ code: outcome.code }, 'hot-folder file refused');
    }
  }

  async function freeName(folder: string, shown: string): Promise<string> {
    const first = path.join(folder, shown);
    if (!(await stat(first).catch(() => undefined))) return first;
    const ext = path.extname(shown);
    return path.join(folder, `${shown.slice(0, shown.length - ext.length)}-${randomUUID().slice(0, 8)}${ext}`);
  }

  function tick(): void {
    if (stopped || running) return;
    running = scanOnce()
      .catch((error: Error) => log.error({ error: error.message }, 'hot-folder pass failed'))
      .finally(() => { running = undefined; });
  }

  return {
    scanOnce,
    start() {
      if (timer || pollIntervalMs === 0) return;
      stopped = false;
      timer = setInterval(tick, pollIntervalMs);
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
