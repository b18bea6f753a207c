// Sends the e-mails queued in the outbox (outbox_messages) over SMTP with nodemailer.
//
// Delivery is at-least-once with idempotent keys, not exactly-once: SMTP cannot give exactly-once,
// because the server may accept a message and the connection (or this process) die before we hear
// "250 OK" or mark the row sent. The row is then claimed again and sent again. What we can do is make
// the resend recognisable: every attempt of one event carries the same Message-ID, derived from the
// event key, so the receiving side (and a human) can see it is the same message. Exactly one row per
// event (the unique event key) keeps a retried worker from queueing a second one.
//
// That window is the only way to a second e-mail. A claim (claimed_by, attempts) is committed first;
// the message is then sent inside a transaction that locks the row after checking that the claim is
// still the current one (lockOutboxClaim), and marks it before the lock goes. Everything that can
// hand a row to someone else (a new claim after the lease, the release of a holder taken for dead in
// lib/supervision/reaper.ts) skips locked rows. So:
// - a holder killed mid-send loses its connection and with it the lock; its claim is released at once
//   when the process is known dead, or taken again after the lease;
// - a holder that is slow but alive (stalled, heartbeat stale, taken for dead): a row it is already
//   sending stays locked and is not released; a row it has claimed but not begun finds its claim
//   gone at the lock and is not sent by it. No clock takes part in this decision: the lock does.
// A transaction the server ends under us (connection lost after "250 OK") is the same window as a
// crash: the row stays claimed and is sent again with the same Message-ID.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { SendMailOptions } from 'nodemailer';
import type { Db, Tx } from '../db.ts';
import { renderMessage, TemplateError } from './templates.ts';
import { hostname } from 'node:os';
import { claimDueOutboxMessages, lockOutboxClaim, markOutboxMessageFailed, markOutboxMessageSent, type OutboxClaim, type OutboxMessage } from './repository.ts';

/** The part of a nodemailer transporter the dispatcher uses, so tests can pass a fake. */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<{ messageId?: string }>;
}

type DispatcherLog = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface MailDispatcherOptions {
  db: Db;
  transport: MailTransport;
  /** The From address, e.g. `"Київська міська державна адміністрація" <no-reply@kyivcity.gov.ua>`. */
  from: string;
  log: DispatcherLog;
  /** Period of the sweep for due rows (new ones and retries). */
  intervalMs?: number;
  /** Messages in flight at once. */
  concurrency?: number;
  /** Wait after the first failed attempt; it doubles after each further one, up to an hour. */
  retryBaseMs?: number;
  /** Attempts in all before a message is marked failed. */
  maxAttempts?: number;
  /** How long a claimed row is ours; longer than the transport's timeouts together. */
  leaseSeconds?: number;
  /**
   * Who claims the rows (claimed_by): the process's id in runtime_processes, so that its claims are
   * released when it is known dead. Without one, `<host>:<pid>`, which no record names: the lease then
   * is the only way back.
   */
  owner?: string;
  /** Called after each batch and each pass: the heartbeat of the dispatcher (lib/supervision). */
  onPass?: () => void;
}

export interface MailDispatcher {
  /** Ask for a pass soon; cheap, coalesces with a pass already running. */
  kick(): void;
  start(): void;
  /** Stops the timer and waits for the messages in flight. */
  stop(): Promise<void>;
  /** One full pass; resolves with the number of messages sent (for tests and scripts). */
  runOnce(): Promise<number>;
  /**
   * What a pass does with each row it claimed: sends it if the claim (this dispatcher's owner, the
   * message's attempt) is still current; false when it was not (released or taken over), or failed.
   */
  sendClaimed(message: OutboxMessage): Promise<boolean>;
}

export const MAIL_DEFAULTS = { intervalMs: 1000, concurrency: 4, retryBaseMs: 5000, maxAttempts: 10, leaseSeconds: 300 } as const;
const MAX_RETRY_MS = 60 * 60 * 1000;

/** Wait before the next attempt after `attempts` failed ones: base, 2×base, 4×base… at most an hour. */
export function retryDelayMs(attempts: number, retryBaseMs: number): number {
  return Math.min(MAX_RETRY_MS, retryBaseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * The Message-ID of every attempt of one event: a hash of the key (the key itself is ids, but a
 * header is no place to publish our internal identifiers) at the sender's domain.
 */
export function messageIdFor(eventKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'hromada.invalid';
  return `<${createHash('sha256').update(eventKey).digest('hex').slice(0, 40)}@${domain}>`;
}

/** What of a sending error goes into the log: codes, never the server's text (it may quote the address). */
function errorFields(error: unknown): { type: string; code?: string; responseCode?: number } {
  const e = error as { name?: string; code?: unknown; responseCode?: unknown };
  return {
    type: e?.name ?? typeof error,
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof e?.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
  };
}

export function createMailDispatcher(options: MailDispatcherOptions): MailDispatcher {
  const { db, transport, from, log } = options;
  const settings = {
    intervalMs: options.intervalMs ?? MAIL_DEFAULTS.intervalMs,
    concurrency: options.concurrency ?? MAIL_DEFAULTS.concurrency,
    retryBaseMs: options.retryBaseMs ?? MAIL_DEFAULTS.retryBaseMs,
    maxAttempts: options.maxAttempts ?? MAIL_DEFAULTS.maxAttempts,
    leaseSeconds: options.leaseSeconds ?? MAIL_DEFAULTS.leaseSeconds,
  };
  const owner = options.owner ?? `${hostname()}:${process.pid}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  // One message, in a transaction that holds the row's lock from the claim check to the mark (see
  // the top of this file): one connection per message in flight.
  function sendOne(message: OutboxMessage): Promise<boolean> {
    const claim: OutboxClaim = { claimedBy: owner, attempt: message.attempts };
    return db.transaction(async (trx) => {
      if (!await lockOutboxClaim(trx, message.id, claim)) {
        log.info({ outboxId: message.id, eventKey: message.eventKey, attempt: message.attempts }, 'e-mail claim taken over meanwhile: not sent by this process');
        return false;
      }
      return deliver(trx, message, claim);
    });
  }

  async function deliver(trx: Tx, message: OutboxMessage, claim: OutboxClaim): Promise<boolean> {
    const fields = { outboxId: message.id, eventKey: message.eventKey, template: message.template, attempt: message.attempts };
    let messageId = messageIdFor(message.eventKey, from);
    try {
      const rendered = renderMessage(message.template, message.params);
      const info = await transport.sendMail({
        from,
        to: message.recipient,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      messageId = info.messageId ?? messageId;
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      // A template that does not render, or a 5xx reply (RFC 5321: permanent), fails the same way
      // on every attempt: give up at once instead of retrying for hours.
      const permanent = error instanceof TemplateError || (error as { permanent?: unknown }).permanent === true;
      if (permanent || message.attempts >= settings.maxAttempts) {
        await markOutboxMessageFailed(trx, message.id, claim, text);
        log.error({ ...fields, error: errorFields(error), permanent }, 'e-mail failed, not retried');
      } else {
        const delay = retryDelayMs(message.attempts, settings.retryBaseMs);
        await markOutboxMessageFailed(trx, message.id, claim, text, delay / 1000);
        log.warn({ ...fields, error: errorFields(error), retryInMs: delay }, 'e-mail not sent, will retry');
      }
      return false;
    }
    await markOutboxMessageSent(trx, message.id, messageId, claim);
    log.info({ ...fields, messageId }, 'e-mail sent');
    return true;
  }

  async function pass(): Promise<number> {
    let sent = 0;
    while (!stopped) {
      const batch = await claimDueOutboxMessages(db, settings.leaseSeconds, settings.concurrency, owner);
      if (batch.length === 0) break;
      const results = await Promise.all(batch.map(sendOne));
      sent += results.filter(Boolean).length;
      options.onPass?.();
    }
    options.onPass?.();
    return sent;
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await pass();
        } while (again && !stopped);
      } catch (error) {
        log.error({ error: errorFields(error), message: (error as Error).message }, 'mail dispatcher pass failed');
      } finally {
        running = undefined;
      }
      return total;
    })();
    return running;
  }

  return {
    kick() {
      if (stopped) return;
      void runOnce();
    },
    start() {
      stopped = false;
      if (timer) return;
      timer = setInterval(() => void runOnce(), settings.intervalMs);
      timer.unref();
      log.info({ intervalMs: settings.intervalMs, maxAttempts: settings.maxAttempts }, 'mail dispatcher started');
      void runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    runOnce,
    sendClaimed: sendOne,
  };
}
