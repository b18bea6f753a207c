// The kinds of case a citizen files (DESIGN.md section 3, "Cases a citizen files"): each has its own
// table, its timeline of events, its attachments, its journal and its actors, and everything else
// (intake, number, tracking code, timeline, e-mail, track view) is the one kernel in lib/cases/.
// Data only: a new kind (administrative services, petitions) is a new entry here and its tables.

export interface CaseKind {
  /** The entity type in the audit log and the first part of every e-mail's event key. */
  readonly name: string;
  readonly table: string;
  /** The timeline: one row per citizen-visible step, unique per (case, event key). */
  readonly events: { readonly table: string; readonly caseColumn: string };
  readonly attachments: { readonly table: string; readonly caseColumn: string };
  /** The journal whose gapless yearly numbers the kind's registrations take. */
  readonly journal: string;
  /** Who the audit log names for the steps the workers take. */
  readonly actors: { readonly registered: string; readonly checked: string; readonly recorded: string };
}

export const Appeals: CaseKind = {
  name: 'appeal',
  table: 'appeals',
  events: { table: 'appeal_events', caseColumn: 'appeal_id' },
  attachments: { table: 'appeal_attachments', caseColumn: 'appeal_id' },
  journal: 'appeals',
  actors: { registered: 'worker:register-appeal', checked: 'worker:check-appeal', recorded: 'worker:record-appeal-outcome' },
};

export const InfoRequests: CaseKind = {
  name: 'info-request',
  table: 'info_requests',
  events: { table: 'info_request_events', caseColumn: 'request_id' },
  attachments: { table: 'info_request_attachments', caseColumn: 'request_id' },
  journal: 'info-requests',
  actors: { registered: 'worker:register-info-request', checked: 'worker:check-info-request', recorded: 'worker:record-info-request-step' },
};

/** Every kind, in the order the track view tries a code (both are 100 random bits: they never collide). */
export const caseKinds: readonly CaseKind[] = [Appeals, InfoRequests];

/** The records office receives and registers every case (the foundation migration's department 01). */
export const RECORDS_DEPARTMENT = '01';
