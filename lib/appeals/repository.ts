// The SQL of citizens' appeals (Law 393/96-ВР) that is theirs alone; the row, its timeline and its
// attachments are the case kernel's (lib/cases/repository.ts). The appeal row holds personal data
// (Law 2297-VI): read it only for the check and for staff whose task needs it. SQL only.
import type { Queryable } from '../db.ts';
import type { AnswerResult, AppealChannel, AppealType, CheckOutcome, CheckReason } from './index.ts';

export interface AppealForCheck {
  id: string;
  channel: AppealChannel;
  type: AppealType;
  signed: boolean;
  surname: string | null;
  name: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  text: string;
  letterDate: string | null;
  complaintDecisionDate: string | null;
  complaintLearnedDate: string | null;
  /** Kyiv date of receipt. */
  receivedDate: string;
  checkOutcome: CheckOutcome | null;
  checkReasons: CheckReason[] | null;
}

const kyivDateSql = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Kyiv', 'YYYY-MM-DD')`;

export async function findAppealForCheck(q: Queryable, id: string): Promise<AppealForCheck | undefined> {
  // Dates as text: node-pg would turn a DATE into a local-midnight Date and shift it.
  const { rows } = await q.raw(`
    SELECT id, channel, type, signed, surname, name, address, email, phone, text,
           to_char(letter_date, 'YYYY-MM-DD') AS letter_date,
           to_char(complaint_decision_date, 'YYYY-MM-DD') AS complaint_decision_date,
           to_char(complaint_learned_date, 'YYYY-MM-DD') AS complaint_learned_date,
           ${kyivDateSql('received_at')} AS received_date, check_outcome, check_reasons
      FROM appeals WHERE id = ?`, [id]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id, channel: r.channel, type: r.type, signed: r.signed, surname: r.surname, name: r.name, address: r.address,
    email: r.email, phone: r.phone, text: r.text, letterDate: r.letter_date, complaintDecisionDate: r.complaint_decision_date,
    complaintLearnedDate: r.complaint_learned_date, receivedDate: r.received_date,
    checkOutcome: r.check_outcome, checkReasons: r.check_reasons,
  };
}

/**
 * An earlier appeal of the same author (same surname, name and place of residence, case and spacing
 * ignored) that was answered on its merits: the candidate of a repeat appeal (Art. 8 p.2).
 */
export async function findEarlierDecidedAppeal(q: Queryable, appeal: Pick<AppealForCheck, 'id' | 'surname' | 'name' | 'address'>): Promise<string | undefined> {
  if (!appeal.surname || !appeal.name || !appeal.address) return undefined;
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  const { rows } = await q.raw(`
    SELECT id FROM appeals
     WHERE id <> ? AND status = 'answered'
       AND lower(surname) = ? AND lower(name) = ?
       AND lower(regexp_replace(btrim(address), '\\s+', ' ', 'g')) = ?
     ORDER BY received_at DESC LIMIT 1`, [appeal.id, norm(appeal.surname), norm(appeal.name), norm(appeal.address)]);
  return rows[0]?.id as string | undefined;
}

export interface StoredAppealAnswer {
  appealId: string;
  result: AnswerResult;
  text: string;
  refusalGround: string | null;
  signerUserId: number;
  certificateSerial: string;
  signedXml: string;
  signedAt: Date;
}

function toAnswer(row: Record<string, unknown>): StoredAppealAnswer {
  return {
    appealId: row.appeal_id as string,
    result: row.result as AnswerResult,
    text: row.text as string,
    refusalGround: (row.refusal_ground as string | null) ?? null,
    signerUserId: row.signer_user_id as number,
    certificateSerial: row.certificate_serial as string,
    signedXml: row.signed_xml as string,
    signedAt: row.signed_at as Date,
  };
}

export async function findAppealAnswer(q: Queryable, appealId: string): Promise<StoredAppealAnswer | undefined> {
  const row = await q('appeal_answers').where({ appeal_id: appealId }).first();
  return row ? toAnswer(row) : undefined;
}

/** The signed answer, once per appeal: a second insert returns the first. */
export async function insertAppealAnswerOnce(q: Queryable, answer: StoredAppealAnswer): Promise<StoredAppealAnswer> {
  const rows = await q('appeal_answers')
    .insert({
      appeal_id: answer.appealId,
      result: answer.result,
      text: answer.text,
      refusal_ground: answer.refusalGround,
      signer_user_id: answer.signerUserId,
      certificate_serial: answer.certificateSerial,
      signed_xml: answer.signedXml,
      signed_at: answer.signedAt,
    })
    .onConflict('appeal_id')
    .ignore()
    .returning('*');
  if (rows[0]) return toAnswer(rows[0]);
  return (await findAppealAnswer(q, answer.appealId))!;
}
