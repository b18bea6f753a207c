// What the holder of an appeal's tracking code sees (DESIGN.md "What the citizen sees"): the case
// kernel's view (lib/cases/track-view.ts) with the appeal's type and its result (the answer, or the
// ground of not considering it). No personal data, no staff names.
import type { Queryable } from '../db.ts';
import { Appeals } from '../cases/kinds.ts';
import { findCaseView, type CaseView } from '../cases/track-view.ts';
import type { AppealType } from './vocabulary.ts';

export interface AppealTrackingView extends CaseView {
  type: AppealType;
  result: unknown;
}

export async function findAppealTrackingView(q: Queryable, hash: string): Promise<{ view: AppealTrackingView } | undefined> {
  const found = await findCaseView(q, Appeals, hash, 'c.type, c.result');
  if (!found) return undefined;
  return { view: { ...found.view, type: found.row.type, result: found.row.result ?? null } };
}
