// Personal signatures on an incoming document (Law 2155-VIII, CMU 798/2023; DESIGN.md "Signatures":
// staff approve with their personal signature): the head signs the resolution, the controller signs
// the acceptance of the execution, and the head who approved the reply signs the reply's own card in
// the outgoing journal. Each is XML-DSig with the signer's X.509 certificate over the card (with the
// SHA-256 of the scan) and the resolution or acceptance data (lib/correspondence/service.ts
// signDocument, lib/signing), so a changed byte of the scan or a changed value is detected on every read.
//
// The signer is a staff id the API set from the session when the task was completed (completedBy),
// never a client's value. Idempotent: one signature per (document, purpose, signer), and the
// acceptance is recorded once, so a retried task gets the first signature back.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { signDocument, type SignRequest } from '../../../lib/correspondence/service.ts';
import { createSigningService, type SigningService } from '../../../lib/signing/index.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.signDocument;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export interface SignDocumentOptions {
  dataDir?: string;
  signing?: SigningService;
}

export function createHandler({ db, config, log, now, files }: WorkerDeps, options: SignDocumentOptions = {}): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const signing = options.signing ?? createSigningService({
    db, now,
    dataDir: options.dataDir ?? config.dataDir,
    files: files ?? createFileStore(config.filesDir),
  });
  return async (input, context) => {
    checkInput(input);
    const processInstanceId = context?.task?.processInstanceId;
    if (!processInstanceId) throw new ContractError(`${topic}: the task's process instance is unknown`);
    const purpose = input[Variables.signaturePurpose] as 'resolution' | 'approval' | 'reply';
    const signerId = input[Variables.signerId] as number;
    const documentId = input[Variables.documentId] as string;

    let request: SignRequest;
    if (purpose === 'resolution') request = { purpose, documentId, processInstanceId, signerId };
    else if (purpose === 'approval') {
      const summary = input[Variables.executionSummary];
      if (typeof summary !== 'string') throw new ContractError(`${topic}: the accepted execution has no summary`);
      request = { purpose, documentId, processInstanceId, signerId, summary, reworkCount: Number(input[Variables.reworkCount] ?? 0), at: now() };
    } else {
      const reply = input[Variables.replyDocumentId];
      if (typeof reply !== 'string') throw new ContractError(`${topic}: no reply to sign`);
      request = { purpose, replyDocumentId: reply, signerId };
    }

    const result = await signDocument({ db, signing }, request);
    if (result.status === 'no-resolution' && purpose === 'approval') throw new ContractError(`${topic}: case ${processInstanceId} has no resolution to accept`);
    if (result.status !== 'signed') {
      throw new ContractError(`${topic}: cannot sign ${purpose} of document ${request.purpose === 'reply' ? request.replyDocumentId : documentId}: ${result.status}`);
    }
    (context?.log ?? log).info(
      { purpose, signatureId: result.signature.id, certificateSerial: result.signature.certificateSerial, created: result.created },
      result.created ? 'signed with a personal certificate' : 'was already signed',
    );
    return {};
  };
}
