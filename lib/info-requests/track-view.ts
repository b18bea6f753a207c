// What the holder of a request's tracking code sees (Law 2939-VI; DESIGN.md "What the citizen
// sees"): the case kernel's view (lib/cases/track-view.ts) with the request's clock and every
// decision with its article: extension, forwarding, deferral, refusal, fee, the departments' branches,
// the result. No personal data, no staff names.
import type { Queryable } from '../db.ts';
import { InfoRequests } from '../cases/kinds.ts';
import { findCaseView, type CaseView } from '../cases/track-view.ts';
import type { AnswerChannel, InfoResult } from './index.ts';
import { listBranches } from './repository.ts';

/** What the holder of the tracking code sees: no personal data, no staff names. */
export interface InfoTrackingView extends CaseView {
  kind: 'info-request';
  urgent: boolean;
  answerChannel: AnswerChannel;
  extension: { to: string; reason: string; article: string; notifiedAt: string | null } | null;
  forwarding: { holder: string; article: string } | null;
  deferral: { to: string; reason: string; article: string } | null;
  refusal: { ground: string; article: string; groundText: string; reason: string | null; howToAppeal: string } | null;
  fee: { pages: number; amountKopecks: number; rateKopecks: number; paidAt: string | null; article: string } | null;
  branches: Array<{ department: { code: string; name: string }; round: number; status: 'assigned' | 'drafted' }>;
  result: { kind: InfoResult; [key: string]: unknown } | null;
}

export async function findInfoTrackingView(q: Queryable, hash: string): Promise<{ view: InfoTrackingView; decided?: { kind: 'public-info-deferred'; to: string } } | undefined> {
  const found = await findCaseView(q, InfoRequests, hash, `c.urgent, c.answer_channel, c.extension_reason, c.extension_notified_at, c.forwarded_to,
    c.deferral_reason, c.refusal_ground, c.refusal_reason, c.result, c.result_details, c.copy_pages, c.fee_kopecks, c.fee_rate_kopecks, c.paid_at,
    to_char(c.extended_to, 'YYYY-MM-DD') AS extended_text, to_char(c.deferred_to, 'YYYY-MM-DD') AS deferred_text`);
  if (!found) return undefined;
  const r = found.row;
  const branches = await listBranches(q, r.id);
  const details = (r.result_details ?? {}) as Record<string, unknown>;
  const view: InfoTrackingView = {
    kind: 'info-request',
    ...found.view,
    urgent: r.urgent,
    answerChannel: r.answer_channel,
    extension: r.extended_text ? { to: r.extended_text, reason: r.extension_reason, article: 'ст. 20 ч. 4', notifiedAt: r.extension_notified_at ? (r.extension_notified_at as Date).toISOString() : null } : null,
    forwarding: r.forwarded_to ? { holder: r.forwarded_to, article: 'ст. 22 ч. 3' } : null,
    deferral: r.deferred_text ? { to: r.deferred_text, reason: r.deferral_reason, article: 'ст. 22 ч. 6–7' } : null,
    refusal: r.refusal_ground
      ? { ground: r.refusal_ground, article: String(details.article ?? ''), groundText: String(details.groundText ?? ''), reason: r.refusal_reason, howToAppeal: String(details.howToAppeal ?? '') }
      : null,
    fee: r.fee_kopecks !== null && r.fee_kopecks !== undefined
      ? { pages: r.copy_pages, amountKopecks: r.fee_kopecks, rateKopecks: r.fee_rate_kopecks, paidAt: r.paid_at ? (r.paid_at as Date).toISOString() : null, article: 'ст. 21' }
      : null,
    branches,
    result: r.result ? { ...details, kind: r.result } : null,
  };
  // A deferred request's date is the decision's (Art. 22 p.6-7), whatever its row explained before.
  return view.deferral ? { view, decided: { kind: 'public-info-deferred', to: view.deferral.to } } : { view };
}

