// A local SMTP server that accepts every message and delivers it nowhere: the default mail server of
// `npm start` and of the tests when no HROMADA_SMTP_URL is configured. It speaks real SMTP (the
// dispatcher's nodemailer cannot tell it from a relay), writes each message as a .eml file under
// <dataDir>/mail/ for a person to open, and keeps a parsed copy in memory for the tests. It can be
// told to refuse the next messages, to test the dispatcher's retries against a real server.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { ProfileName } from './profiles.ts';

export interface ReceivedMail {
  /** Envelope recipients, comma-separated. */
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | undefined;
  messageId: string;
  /** The .eml file it was written to. */
  file: string;
  /** When the sink accepted it (this process's clock). */
  receivedAt: Date;
}

export interface SmtpSink {
  port: number;
  /** What the dispatcher is given as HROMADA_SMTP_URL. */
  url: string;
  dir: string;
  messages(): ReceivedMail[];
  /**
   * Refuse the next `count` messages at the end of DATA with `responseCode`: 451 (try again later,
   * the default) or a 5xx (permanent). With `recipient`, only messages to that address count, so
   * a test is not disturbed by mail other parts of the stack send meanwhile.
   */
  rejectNext(count: number, options?: { responseCode?: number; recipient?: string }): void;
  /**
   * Holds every new delivery to a recipient that `match`es at RCPT TO, before the client has sent
   * any of the message, until release(): catches a dispatcher in the middle of its sends, so a test
   * can kill it there. A held client that goes away has delivered nothing.
   */
  hold(match: (recipient: string) => boolean): void;
  /** Deliveries waiting at the hold whose client is still connected. */
  held(): number;
  release(): void;
  stop(): Promise<void>;
}

const DEFAULT_PORTS: Record<ProfileName, number> = { dev: 2525, test: 2535, bench: 2545 };

/** The sink's port for a profile: HROMADA_SMTP_SINK_PORT (dev), HROMADA_TEST_SMTP_SINK_PORT, HROMADA_BENCH_SMTP_SINK_PORT. */
export function sinkPort(profile: ProfileName, env: NodeJS.ProcessEnv = process.env): { port: number; explicit: boolean } {
  const name = profile === 'dev' ? 'HROMADA_SMTP_SINK_PORT' : `HROMADA_${profile.toUpperCase()}_SMTP_SINK_PORT`;
  const raw = env[name];
  if (!raw) return { port: DEFAULT_PORTS[profile], explicit: false };
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a TCP port, got "${raw}"`);
  return { port, explicit: true };
}

export async function startSmtpSink(options: {
  dataDir: string;
  port: number;
  /** When the port is taken, take any free one instead (throwaway profiles: the URL is passed on anyway). */
  anyPortIfBusy?: boolean;
}): Promise<SmtpSink> {
  const dir = path.join(options.dataDir, 'mail');
  mkdirSync(dir, { recursive: true });
  const received: ReceivedMail[] = [];
  const rejections: Array<{ responseCode: number; recipient: string | undefined }> = [];
  let sequence = 0;
  let holding: ((recipient: string) => boolean) | undefined;
  const waiting = new Map<string, Array<() => void>>();

  const server = new SMTPServer({
    // Loopback only and nothing to protect: no TLS (its built-in certificate is public anyway) and no AUTH.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    banner: 'Hromada mail sink: messages are kept locally and delivered nowhere',
    size: 25 * 1024 * 1024,
    onRcptTo(address, session, callback) {
      if (!holding?.(address.address.toLowerCase())) return callback();
      const list = waiting.get(session.id) ?? [];
      list.push(() => callback());
      waiting.set(session.id, list);
    },
    onClose(session) {
      waiting.delete(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const refusal = rejections.findIndex((r) => r.recipient === undefined || recipients.includes(r.recipient));
        if (refusal !== -1) {
          const code = rejections.splice(refusal, 1)[0]!.responseCode;
          callback(Object.assign(new Error(code >= 500 ? 'Refused by the mail sink (test)' : 'Try again later (mail sink test refusal)'), { responseCode: code }));
          return;
        }
        const raw = Buffer.concat(chunks);
        sequence += 1;
        const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(sequence).padStart(4, '0')}.eml`);
        try {
          writeFileSync(file, raw);
          const parsed = parseMessage(raw.toString('utf8'));
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address).join(', ');
          const mailFrom = session.envelope.mailFrom;
          received.push({ ...parsed, to: envelopeTo, from: mailFrom ? mailFrom.address : '', file, receivedAt: new Date() });
          callback(null, `queued as ${path.basename(file)}`);
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });

  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    const onError = (error: Error) => { server.off('error', onError); reject(error); };
    server.on('error', onError);
    const net = server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = net.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

  let port: number;
  try {
    port = await listen(options.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.anyPortIfBusy) {
      throw new Error(`the mail sink cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`);
    }
    port = await listen(0);
  }
  // A client that misbehaves must not take the launcher down with it.
  server.on('error', () => {});

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    dir,
    messages: () => [...received],
    rejectNext(count, { responseCode = 451, recipient } = {}) {
      for (let i = 0; i < count; i += 1) rejections.push({ responseCode, recipient: recipient?.toLowerCase() });
    },
    hold(match) {
      holding = match;
    },
    held: () => [...waiting.values()].reduce((n, list) => n + list.length, 0),
    release() {
      holding = undefined;
      const all = [...waiting.values()].flat();
      waiting.clear();
      for (const resume of all) resume();
    },
    stop: () => new Promise<void>((resolve) => {
      // A held client would keep the server from closing.
      holding = undefined;
      waiting.clear();
      server.close(() => resolve());
    }),
  };
}

// --- a minimal MIME reader: enough for what nodemailer writes (UTF-8, multipart/alternative) ---

interface Part {
  headers: Map<string, string>;
  body: string;
}

export function parseMessage(raw: string): Omit<ReceivedMail, 'to' | 'from' | 'file' | 'receivedAt'> {
  const top = splitPart(raw);
  const texts: { text?: string; html?: string } = {};
  collectTexts(top, texts);
  return {
    subject: decodeWords(top.headers.get('subject') ?? ''),
    messageId: (top.headers.get('message-id') ?? '').trim(),
    text: texts.text ?? '',
    html: texts.html,
  };
}

function splitPart(raw: string): Part {
  const normalised = raw.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? '' : normalised.slice(end + 2);
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace (RFC 5322 2.2.3).
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectTexts(part: Part, out: { text?: string; html?: string }): void {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = part.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      collectTexts(splitPart(section.replace(/^\n/, '')), out);
    }
    return;
  }
  const decoded = decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit');
  if (/^text\/html/i.test(type)) out.html ??= decoded;
  else if (/^text\/plain/i.test(type)) out.text ??= decoded;
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\n/g, ''));
    default:
      return body.replace(/\n$/, '');
  }
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words, UTF-8 only (what nodemailer writes); adjacent words join without the space. */
function decodeWords(value: string): string {
  const word = /=\?[^?]+\?([BbQq])\?([^?]*)\?=/g;
  return value.replace(/=\?[^?]+\?[BbQq]\?[^?]*\?=(?:\s+=\?[^?]+\?[BbQq]\?[^?]*\?=)*/g, (run) => {
    // Bytes first, text last: a character may be split between two words.
    const bytes = [...run.matchAll(word)].map(([, kind, data]) => kind!.toUpperCase() === 'B'
      ? Buffer.from(data!, 'base64')
      : Buffer.from(decodeQuotedPrintable(data!.replace(/_/g, ' ')), 'utf8'));
    return Buffer.concat(bytes).toString('utf8');
  });
}
