// Reads the text of a registered document's scan, page by page with word positions, off the
// request path: born-digital PDF pages keep their text layer, scanned pages go through OCR
// (lib/ocr; the use case is lib/correspondence/service.ts readDocumentScan). It runs beside the
// clerk's card check (processes/incoming-document.bpmn), so OCR never holds up registration (CMU
// resolution 55 of 17.01.2018: a document is registered on the day it arrives). The text is
// personal data (Law 2297-VI): counts and ids go to the log, never words.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { OCR_ACTOR, readDocumentScan } from '../../../lib/correspondence/service.ts';
import type { OcrOptions } from '../../../lib/ocr/index.ts';
import { ContractError, keepLocked, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.ingestScan;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;
/** OCR of a long scan takes minutes: its own slots, so registrations never wait behind it. */
export const lane = 'slow';

export const ACTOR = OCR_ACTOR;

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
    // A long scan stays with this worker while it is read.
    const result = await readDocumentScan({ db, files, ocr: ocrOptions }, { documentId, now, keepWorking: () => keepLocked(context) });
    if (result.status === 'document-not-found') throw new ContractError(`document ${documentId} does not exist`);
    if (!result.created) return output(result.status, result.pageCount);
    if (result.status === 'failed') {
      taskLog.warn({ reason: result.reason }, 'scan cannot be read');
      return output('failed', null);
    }
    const { reading } = result;
    const confidences = reading.pages.map((p) => p.confidence).filter((c): c is number => c !== null);
    taskLog.info({
      kind: reading.kind, pages: reading.pageCount,
      ocrPages: reading.pages.filter((p) => p.source === 'ocr').length,
      meanConfidence: confidences.length ? Math.round(confidences.reduce((a, b) => a + b, 0) / confidences.length) : null,
    }, 'scan read');
    return output('done', reading.pageCount);
  };
}

function output(status: 'done' | 'failed', pageCount: number | null): IngestScanOutput {
  const result: IngestScanOutput = { [Variables.ocrStatus]: status } as IngestScanOutput;
  if (pageCount !== null && pageCount > 0) result[Variables.pageCount] = pageCount;
  return result;
}
