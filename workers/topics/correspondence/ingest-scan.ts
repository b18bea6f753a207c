// Reads the text of a registered document's scan, page by page with word positions, off the
// request path: born-digital PDF pages keep their text layer, scanned pages go through OCR
// (lib/ocr). It runs beside the clerk's card check (processes/incoming-document.bpmn), so OCR never
// holds up registration (CMU resolution 55 of 17.01.2018: a document is registered on the day it
// arrives). The text is personal data (Law 2297-VI): counts and ids go to the log, never words.
import { Readable } from 'node:stream';
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { readScan, UnreadableScanError, type OcrOptions } from '../../../lib/ocr/index.ts';
import { findScanState, markOcrFailed, replaceDocumentPages } from '../../../lib/ocr/repository.ts';
import { ContractError, keepLocked, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.ingestScan;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export const ACTOR = 'system:ingest-scan';

export interface IngestScanOutput {
  ocrStatus: 'done' | 'failed';
  pageCount?: number;
  [variable: string]: unknown;
}

export function createHandler({ db, config, log, now, files }: WorkerDeps): TopicHandler {
  const ocrOptions: OcrOptions = config.ocr;
  const checkInput = variablesValidator(topic, 'reads', reads);
  return async (input, context): Promise<IngestScanOutput> => {
    checkInput(input);
    if (!files) throw new Error('ingest-scan needs the file store (WorkerDeps.files)');
    const taskLog = context?.log ?? log;
    const documentId = input[Variables.documentId] as string;
    const state = await findScanState(db, documentId);
    if (!state) throw new ContractError(`document ${documentId} does not exist`);

    // A retried or twice-delivered task finds the first attempt's result and does not read again.
    if (state.ocrStatus !== 'pending') return output(state.ocrStatus, state.pageCount);

    // A long scan stays with this worker; should a renewal fail, the other attempt writes the same
    // pages (replaceDocumentPages is idempotent).
    const stopKeeping = keepLocked(context);
    try {
      const reading = await readScan(files.pathOf(state.fileSha256), ocrOptions);
      const thumbnail = await files.commit(await files.receive(Readable.from([reading.thumbnail])));
      await replaceDocumentPages(db, {
        documentId, pages: reading.pages, pageCount: reading.pageCount, thumbnailSha256: thumbnail.sha256, actor: ACTOR, at: now(),
      });
      const confidences = reading.pages.map((p) => p.confidence).filter((c): c is number => c !== null);
      taskLog.info({
        kind: reading.kind, pages: reading.pageCount,
        ocrPages: reading.pages.filter((p) => p.source === 'ocr').length,
        meanConfidence: confidences.length ? Math.round(confidences.reduce((a, b) => a + b, 0) / confidences.length) : null,
      }, 'scan read');
      return output('done', reading.pageCount);
    } catch (error) {
      if (!(error instanceof UnreadableScanError)) throw error; // technical: retried, then an incident
      // The file itself is unreadable, so retries cannot help and an incident would wait for a
      // fix nobody can make: record why, and the clerk, who checks the card against the scan,
      // sees the OCR failed and asks for a new scan.
      await markOcrFailed(db, { documentId, reason: `${error.reason}: ${error.message}`, actor: ACTOR, at: now() });
      taskLog.warn({ reason: error.reason }, 'scan cannot be read');
      return output('failed', null);
    } finally {
      stopKeeping();
    }
  };
}

function output(status: 'pending' | 'done' | 'failed', pageCount: number | null): IngestScanOutput {
  // 'pending' cannot reach here: the caller reads only when pending.
  const result: IngestScanOutput = { [Variables.ocrStatus]: status === 'done' ? 'done' : 'failed' } as IngestScanOutput;
  if (pageCount !== null && pageCount > 0) result[Variables.pageCount] = pageCount;
  return result;
}
