// The SQL every kind of citizen's case shares (lib/cases/kinds.ts): its row, its timeline of
// events and its attachments. SQL only: an optional transaction in, rows out; nothing here sends
// mail or writes the audit log (lib/cases/service.ts does).
import type { Queryable } from '../db.ts';
import type { AllowedFileType } from '../file-store.ts';
import type { CaseStatus } from './vocabulary.ts';
import type { CaseKind } from './kinds.ts';

export async function departmentId(q: Queryable, code: string): Promise<number | null> {
  const row = await q('departments').where({ code }).first('id');
  return (row?.id as number | undefined) ?? null;
}

export async function findDepartment(q: Queryable, code: string): Promise<{ id: number; name: string; candidateGroup: string | null } | undefined> {
  const row = await q('departments').where({ code }).first('id', 'name_uk', 'candidate_group');
  return row ? { id: row.id as number, name: row.name_uk as string, candidateGroup: (row.candidate_group as string | null) ?? null } : undefined;
}

/** Inserts a received case; the database gives its id and receipt time. */
export async function insertCase(q: Queryable, kind: CaseKind, row: Record<string, unknown>): Promise<{ id: string; receivedAt: Date }> {
  const [stored] = await q(kind.table).insert(row).returning(['id', 'received_at']);
  return { id: stored.id as string, receivedAt: stored.received_at as Date };
}

/** The case's row under a row lock (FOR UPDATE), the given columns only; undefined when there is none. */
export async function lockCase(q: Queryable, kind: CaseKind, id: string, columns: readonly string[]): Promise<Record<string, any> | undefined> {
  return q(kind.table).where({ id }).forUpdate().first(...columns);
}

export async function updateCase(q: Queryable, kind: CaseKind, id: string, changes: Record<string, unknown>): Promise<void> {
  await q(kind.table).where({ id }).update(changes);
}

export async function caseExists(q: Queryable, kind: CaseKind, id: string): Promise<boolean> {
  return Boolean(await q(kind.table).where({ id }).first('id'));
}

export interface NewCaseEvent {
  key: string;
  status: CaseStatus;
  departmentId: number | null;
  note?: string;
  at?: Date;
}

/** Appends a timeline entry unless this event is already recorded (a retried task). True when added. */
export async function addCaseEvent(q: Queryable, kind: CaseKind, caseId: string, event: NewCaseEvent): Promise<boolean> {
  const rows = await q(kind.events.table)
    .insert({
      [kind.events.caseColumn]: caseId,
      event_key: event.key,
      status: event.status,
      department_id: event.departmentId,
      note: event.note ?? null,
      ...(event.at ? { at: event.at } : {}),
    })
    .onConflict([kind.events.caseColumn, 'event_key'])
    .ignore()
    .returning('id');
  return rows.length > 0;
}

export interface CaseEventRow {
  at: Date;
  status: CaseStatus;
  note: string | null;
  departmentCode: string | null;
  departmentName: string | null;
}

/** The timeline, oldest first, with the department that held the case at each step. */
export async function listCaseEvents(q: Queryable, kind: CaseKind, caseId: string): Promise<CaseEventRow[]> {
  const rows = await q(`${kind.events.table} as e`)
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .where(`e.${kind.events.caseColumn}`, caseId)
    .orderBy([{ column: 'e.at', order: 'asc' }, { column: 'e.id', order: 'asc' }])
    .select('e.at', 'e.status', 'e.note', 'd.code as department_code', 'd.name_uk as department_name');
  return rows.map((e) => ({
    at: e.at as Date, status: e.status as CaseStatus, note: (e.note as string | null) ?? null,
    departmentCode: (e.department_code as string | null) ?? null, departmentName: (e.department_name as string | null) ?? null,
  }));
}

/**
 * The case a tracking code's hash names, with the department that holds it; `columns` are the
 * kind's own (c.<column>), dates as text where a DATE column would shift (node-pg makes local midnights).
 */
export async function findCaseByTrackingHash(q: Queryable, kind: CaseKind, hash: string, columns: string): Promise<Record<string, any> | undefined> {
  const { rows } = await q.raw(`
    SELECT c.id, c.status, c.registration_index, c.received_at, c.registered_at,
           to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.due_explanation,
           d.code AS department_code, d.name_uk AS department_name${columns ? `, ${columns}` : ''}
      FROM ${kind.table} c LEFT JOIN departments d ON d.id = c.department_id
     WHERE c.tracking_code_hash = ?`, [hash]);
  return rows[0];
}

export interface NewAttachment {
  sha256: string;
  type: AllowedFileType;
  size: number;
  displayName: string | null;
}

export interface StoredAttachment extends NewAttachment {
  position: number;
}

/** Files sent with a case, in the order sent; written in the case's own transaction. */
export async function insertAttachments(q: Queryable, kind: CaseKind, caseId: string, attachments: readonly NewAttachment[]): Promise<void> {
  if (attachments.length === 0) return;
  await q(kind.attachments.table).insert(attachments.map((a, position) => ({
    [kind.attachments.caseColumn]: caseId, position, sha256: a.sha256, type: a.type, size: a.size, display_name: a.displayName,
  })));
}

export async function listAttachments(q: Queryable, kind: CaseKind, caseId: string): Promise<StoredAttachment[]> {
  const rows = await q(kind.attachments.table).where({ [kind.attachments.caseColumn]: caseId }).orderBy('position')
    .select('position', 'sha256', 'type', 'size', 'display_name');
  return rows.map((r) => ({
    position: r.position as number, sha256: r.sha256 as string, type: r.type as AllowedFileType,
    size: Number(r.size), displayName: (r.display_name as string | null) ?? null,
  }));
}
