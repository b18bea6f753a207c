// Candidate groups of user tasks that are roles (DESIGN.md: departments' groups are data, departments.candidate_group).
/**
 * Candidate groups of user tasks. Each is a role's or a department's `candidate_group` in the
 * application database (migrations/20261126000000_foundation.ts seeds the same five).
 */
export const CandidateGroups = {
  clerks: 'clerks',
  heads: 'heads',
  executors: 'executors',
  analysts: 'analysts',
  admins: 'admins',
  /** The public-information unit (Law 2939-VI Art. 14 p.1 item 4): triage, fees, reminders (role info-officer). */
  infoUnit: 'info-unit',
  /** Lawyers: review the masking of personal data in answers (role lawyer). */
  lawyers: 'lawyers',
} as const;
export type CandidateGroup = (typeof CandidateGroups)[keyof typeof CandidateGroups];
