// Attachments of citizens' appeals (migration 20261126190000). Written only in the transaction that
// stores the appeal itself, so an appeal never appears without the files its author sent.
import type { Queryable } from '../db.ts';
import type { AllowedFileType } from '../file-store.ts';

/** Art. 5 sets no number; five keeps one request within a sane size at the default upload limit. */
export const MAX_APPEAL_ATTACHMENTS = 5;

export interface NewAppealAttachment {
  sha256: string;
  type: AllowedFileType;
  size: number;
  displayName: string | null;
}

export interface AppealAttachment extends NewAppealAttachment {
  position: number;
}

/**
 * A name fit for display to staff, never for finding the file: no directories (some browsers send
 * a full path), no control or bidi-override characters (a name can disguise its extension with
 * U+202E), no lone surrogate (half a character, see lib/storable-text.ts), NFC, at most 200
 * characters. Null when nothing is left.
 */
export function sanitiseDisplayName(name: string | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '').replace(/\s+/g, ' ').trim();
  return clean === '' ? null : [...clean].slice(0, 200).join('');
}

export async function insertAppealAttachments(q: Queryable, appealId: string, attachments: readonly NewAppealAttachment[]): Promise<void> {
  if (attachments.length === 0) return;
  await q('appeal_attachments').insert(attachments.map((a, position) => ({
    appeal_id: appealId,
    position,
    sha256: a.sha256,
    type: a.type,
    size: a.size,
    display_name: a.displayName,
  })));
}

export async function listAppealAttachments(q: Queryable, appealId: string): Promise<AppealAttachment[]> {
  const rows = await q('appeal_attachments').where({ appeal_id: appealId }).orderBy('position')
    .select('position', 'sha256', 'type', 'size', 'display_name');
  return rows.map((r) => ({
    position: r.position as number,
    sha256: r.sha256 as string,
    type: r.type as AllowedFileType,
    size: Number(r.size),
    displayName: (r.display_name as string | null) ?? null,
  }));
}
