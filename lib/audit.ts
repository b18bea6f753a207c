// The audit log: append-only (a trigger in the migration refuses UPDATE, DELETE and TRUNCATE).
// Law 2297-VI: every view, export and forward of a record with personal data is logged with who,
// what, when and why; `details` carries ids and codes only, never names, addresses or texts.
import type { Queryable } from './db.ts';

export interface AuditEntry {
  /** `user:<id>`, `anonymous` or `system:<component>` */
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  details?: Record<string, string | number | boolean | null>;
}

export function userActor(userId: number): string {
  return `user:${userId}`;
}

export async function appendAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q('audit_log').insert({
    actor: entry.actor,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    details: JSON.stringify(entry.details ?? {}),
  });
}
