// What the holder of a tracking code sees of any case (DESIGN.md "What the citizen sees"): the
// status in the one vocabulary, the registration index, the department that holds it, the term with
// its whole explanation, the timeline of departments, and what each kind adds (lib/<domain>/
// track-view.ts). No personal data, no staff names. The JSON Schema parts are the route's.
import { readStoredTerm, type CalendarData, type IsoDate } from '../calendar/index.ts';
import type { Queryable } from '../db.ts';
import type { CaseKind } from './kinds.ts';
import { findCaseByTrackingHash, listCaseEvents } from './repository.ts';
import { CASE_STATUSES, statusNames, type CaseStatus } from './vocabulary.ts';

export interface DepartmentView { code: string; name: string }

export interface TimelineEntry {
  at: string;
  status: CaseStatus;
  statusText: string;
  department: DepartmentView | null;
  note: string | null;
}

/** The part every kind's view has. */
export interface CaseView {
  status: CaseStatus;
  statusText: string;
  registrationIndex: string | null;
  receivedAt: string;
  registeredAt: string | null;
  department: DepartmentView | null;
  dueDate: string | null;
  dueExplanation: unknown;
  timeline: TimelineEntry[];
}

const departmentOf = (code: string | null, name: string | null): DepartmentView | null => (code ? { code, name: name ?? code } : null);

/**
 * The common part of the view of the case the hash names, and its row with the kind's `columns`
 * (c.<column>) for the kind's own part; undefined when no case of this kind has the code.
 */
export async function findCaseView(q: Queryable, kind: CaseKind, hash: string, columns = ''): Promise<{ view: CaseView; row: Record<string, any> } | undefined> {
  const row = await findCaseByTrackingHash(q, kind, hash, columns);
  if (!row) return undefined;
  const events = await listCaseEvents(q, kind, row.id);
  return {
    row,
    view: {
      status: row.status,
      statusText: statusNames[row.status as CaseStatus],
      registrationIndex: row.registration_index,
      receivedAt: (row.received_at as Date).toISOString(),
      registeredAt: row.registered_at ? (row.registered_at as Date).toISOString() : null,
      department: departmentOf(row.department_code, row.department_name),
      dueDate: row.due_date,
      dueExplanation: row.due_explanation ?? null,
      timeline: events.map((e) => ({
        at: e.at.toISOString(), status: e.status, statusText: statusNames[e.status],
        department: departmentOf(e.departmentCode, e.departmentName), note: e.note,
      })),
    },
  };
}

/** A kind's view of a case by the hash of its tracking code, and a day a decision set, if any. */
export type CaseTracker<V extends CaseView = CaseView> = (q: Queryable, hash: string) => Promise<{ view: V; decided?: { kind: 'public-info-deferred'; to: IsoDate } } | undefined>;

/**
 * The view of whichever case the code names (each kind's code is 100 random bits: they never
 * collide), with the term as the page shows it: dueDate, dueDateTime and a whole explanation,
 * whatever shape the row holds (lib/calendar/stored-term.ts). Undefined for an unknown code.
 */
export async function trackCase<V extends CaseView>(q: Queryable, hash: string, trackers: ReadonlyArray<CaseTracker<V>>, calendar: () => Promise<CalendarData>) {
  for (const track of trackers) {
    const found = await track(q, hash);
    if (!found) continue;
    const { view, decided } = found;
    const term = readStoredTerm(view.dueExplanation, { dueDate: view.dueDate, receivedAt: new Date(view.receivedAt), calendar: await calendar(), ...(decided ? { decided } : {}) });
    return { ...view, dueDate: term.dueDate, dueDateTime: term.dueDateTime, dueExplanation: term.explanation };
  }
  return undefined;
}

/** JSON Schema parts of every view (the track route's response). */
export const departmentSchema = {
  anyOf: [
    { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false },
    { type: 'null' },
  ],
} as const;

export const timelineSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['at', 'status', 'statusText', 'department', 'note'],
    properties: {
      at: { type: 'string', format: 'date-time' },
      status: { type: 'string', enum: [...CASE_STATUSES] },
      statusText: { type: 'string' },
      department: departmentSchema,
      note: { type: ['string', 'null'] },
    },
    additionalProperties: false,
  },
} as const;
