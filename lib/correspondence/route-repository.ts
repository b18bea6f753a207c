// The route of a document (issue 3, item 5): every hand-over between departments and people, who
// moved it, when and why. One function writes them all (recordHandOver), from the use cases of
// lib/correspondence/service.ts (a task claimed or completed, a resolution, the reply, the filing);
// where the document is NOW is not stored but read from the engine (lib/correspondence/where-now.ts).
// SQL only: an optional transaction in, rows out.
import type { Queryable } from '../db.ts';

// `replied`: the reply letter was registered in the outgoing journal; its index is the reason.
export type RouteAction = 'registered' | 'resolved' | 'claimed' | 'completed' | 'returned' | 'replied' | 'filed';

export interface RouteParty {
  /** Department code. */
  department?: string | null;
  /** Staff username. */
  user?: string | null;
}

export interface HandOver {
  /**
   * Unique per hand-over, so a repeated request or a retried task records it once; one row per
   * destination, keyed `<eventKey>` then `<eventKey>#<n>`.
   */
  eventKey: string;
  documentId: string;
  action: RouteAction;
  /** The diagram's activity id. */
  step?: string | null;
  from?: RouteParty;
  /** Where it went: several departments at once for a resolution to several executors; none when unknown. */
  to: RouteParty[];
  /** Username of who did it; null for the system (a worker). */
  byUser?: string | null;
  reason?: string | null;
  at?: Date;
}

export interface RouteEntry {
  at: string;
  action: RouteAction;
  step: string | null;
  fromDepartment: string | null;
  toDepartment: string | null;
  fromUser: string | null;
  toUser: string | null;
  byUser: string | null;
  reason: string | null;
}

/** Records a hand-over; true when it was new (false for a repeat of the same event). */
export async function recordHandOver(q: Queryable, h: HandOver): Promise<boolean> {
  const destinations: RouteParty[] = h.to.length > 0 ? h.to : [{}];
  const rows = destinations.map((to, i) => ({
    event_key: i === 0 ? h.eventKey : `${h.eventKey}#${i}`,
    document_id: h.documentId,
    at: h.at ?? new Date(),
    action: h.action,
    step: h.step ?? null,
    from_department: h.from?.department ?? null,
    from_user: h.from?.user ?? null,
    to_department: to.department ?? null,
    to_user: to.user ?? null,
    by_user: h.byUser ?? null,
    reason: h.reason ?? null,
  }));
  const inserted = await q('document_route').insert(rows).onConflict('event_key').ignore().returning('id');
  return inserted.length > 0;
}

/**
 * The document's route, oldest first. Its registration is the first hand-over (to the department of
 * the journal's case file); its record is the registration row itself, written by register-document,
 * so it is read from there rather than copied. It comes first even when its date is later than the
 * receipt's next hand-overs (after hours it is dated the next working day).
 */
export async function routeHistory(q: Queryable, documentId: string): Promise<RouteEntry[]> {
  const { rows } = await q.raw(`
    SELECT at, action, step, from_department, to_department, from_user, to_user, by_user, reason, seq FROM (
      SELECT r.registered_at AS at, 'registered' AS action, 'register-document' AS step,
             NULL::text AS from_department, d.code AS to_department, NULL::text AS from_user, NULL::text AS to_user,
             NULL::text AS by_user, r.registration_index AS reason, 0::bigint AS seq
        FROM registrations r
        JOIN case_files c ON c.index = r.case_file_index
        LEFT JOIN departments d ON d.id = c.department_id
       WHERE r.document_id = ? AND r.journal_code = 'incoming'
      UNION ALL
      SELECT at, action, step, from_department, to_department, from_user, to_user, by_user, reason, id
        FROM document_route WHERE document_id = ?
    ) x ORDER BY (action = 'registered') DESC, at, seq`, [documentId, documentId]);
  return (rows as Array<Record<string, unknown>>).map((r) => ({
    at: (r.at as Date).toISOString(),
    action: r.action as RouteAction,
    step: (r.step as string | null) ?? null,
    fromDepartment: (r.from_department as string | null) ?? null,
    toDepartment: (r.to_department as string | null) ?? null,
    fromUser: (r.from_user as string | null) ?? null,
    toUser: (r.to_user as string | null) ?? null,
    byUser: (r.by_user as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
  }));
}

/** Department codes of staff users, by username (inactive ones too: history names who it was). */
export async function departmentsOfUsers(q: Queryable, usernames: string[]): Promise<Map<string, string | null>> {
  if (usernames.length === 0) return new Map();
  const rows = await q('staff_users as u').leftJoin('departments as d', 'd.id', 'u.department_id')
    .whereIn('u.username', usernames).select('u.username', 'd.code');
  return new Map(rows.map((r) => [r.username as string, (r.code as string | null) ?? null]));
}

/** Department codes by the candidate group they work on. */
export async function departmentCodesByGroup(q: Queryable, groups: string[]): Promise<Map<string, string>> {
  if (groups.length === 0) return new Map();
  const rows = await q('departments').whereIn('candidate_group', groups).select('code', 'candidate_group');
  return new Map(rows.map((r) => [r.candidate_group as string, r.code as string]));
}

/** Whether a business key names a document (other cases, e.g. appeals, have no document route). */
export async function isDocument(q: Queryable, id: string): Promise<boolean> {
  return (await q('documents').where({ id }).first('id')) !== undefined;
}

/** Department names (Ukrainian) by code. */
export async function departmentNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await q('departments').whereIn('code', codes).select('code', 'name_uk');
  return new Map(rows.map((r) => [r.code as string, r.name_uk as string]));
}
