// Pages of a document's scan as OCR or the text layer read them, and the document's OCR state.
// The text is personal data as much as the scan is (Law 2297-VI): read it for staff whose work
// needs it, never into logs. SQL only: an optional transaction in, rows out; reading a document's
// scan, with its transaction and audit, is lib/correspondence/service.ts readDocumentScan.
import type { Queryable } from '../db.ts';
import type { PageSource, PageWord } from './types.ts';

export type OcrStatus = 'pending' | 'done' | 'failed';

export interface ScanState {
  documentId: string;
  fileSha256: string;
  fileType: string;
  ocrStatus: OcrStatus;
  ocrError: string | null;
  pageCount: number | null;
  thumbnailSha256: string | null;
}

export interface StoredPage {
  pageNo: number;
  source: PageSource;
  text: string;
  words: PageWord[];
  confidence: number | null;
  width: number;
  height: number;
  dpi: number | null;
}

export async function findScanState(q: Queryable, documentId: string): Promise<ScanState | undefined> {
  const row = await q('documents').where({ id: documentId })
    .first('id', 'file_sha256', 'file_type', 'ocr_status', 'ocr_error', 'page_count', 'thumbnail_sha256');
  if (!row) return undefined;
  return {
    documentId: row.id,
    fileSha256: row.file_sha256,
    fileType: row.file_type,
    ocrStatus: row.ocr_status,
    ocrError: row.ocr_error ?? null,
    pageCount: row.page_count ?? null,
    thumbnailSha256: row.thumbnail_sha256 ?? null,
  };
}

/**
 * Replaces every page of the document and marks its OCR done, in the caller's transaction (which
 * holds the document's row lock): a retried task writes the same pages again instead of adding a
 * second set.
 */
export async function replaceDocumentPages(tx: Queryable, input: { documentId: string; pages: StoredPage[]; pageCount: number; thumbnailSha256: string | null; at: Date }): Promise<void> {
  await tx('document_pages').where({ document_id: input.documentId }).delete();
  // Batches keep one INSERT below PostgreSQL's 65535 bind parameters on a long scan.
  for (let i = 0; i < input.pages.length; i += 200) {
    await tx('document_pages').insert(input.pages.slice(i, i + 200).map((p) => ({
      document_id: input.documentId,
      page_no: p.pageNo,
      source: p.source,
      text: stripNul(p.text),
      words: JSON.stringify(p.words.map((w) => ({ ...w, text: stripNul(w.text) }))),
      confidence: p.confidence,
      width: p.width,
      height: p.height,
      dpi: p.dpi,
    })));
  }
  await tx('documents').where({ id: input.documentId }).update({
    ocr_status: 'done', ocr_error: null, page_count: input.pageCount, thumbnail_sha256: input.thumbnailSha256,
    ocr_at: input.at, updated_at: input.at,
  });
}

/** The scan cannot be read and never will be: the clerk is told on the card; nothing is retried. */
export async function markOcrFailed(q: Queryable, input: { documentId: string; reason: string; pageCount?: number; at: Date }): Promise<void> {
  await q('documents').where({ id: input.documentId }).update({
    ocr_status: 'failed', ocr_error: input.reason.slice(0, 500), page_count: input.pageCount ?? null, ocr_at: input.at, updated_at: input.at,
  });
}

export async function listDocumentPages(q: Queryable, documentId: string): Promise<StoredPage[]> {
  const rows = await q('document_pages').where({ document_id: documentId }).orderBy('page_no')
    .select('page_no', 'source', 'text', 'words', 'confidence', 'width', 'height', 'dpi');
  return rows.map((r) => ({
    pageNo: r.page_no, source: r.source, text: r.text, words: r.words, confidence: r.confidence,
    width: r.width, height: r.height, dpi: r.dpi ?? null,
  }));
}

// PostgreSQL text cannot hold NUL; a text layer occasionally carries one.
function stripNul(text: string): string {
  return text.replaceAll('\u0000', '');
}
