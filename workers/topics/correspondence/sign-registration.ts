// Signs the registration card (РМК) of an incoming document with the body's registration seal once
// it is registered: the seal's signature covers the registration data and the SHA-256 of the scan,
// so any later change of either is detected (Law 2155-VIII; CMU 798/2023; DESIGN.md "Signatures").
// The signing itself lives in lib/signing; this module only adapts it to the process.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { Journals } from '../../../lib/correspondence/registrations-repository.ts';
import { createSigningService, SignaturePurposes, SystemSeals, type SigningService } from '../../../lib/signing/index.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.signRegistration;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export const ACTOR = 'system:sign-registration';

export interface SignRegistrationOptions {
  /** Where the key-encryption key lives; the runtime configuration's data folder by default. */
  dataDir?: string;
  /** A ready service (tests); built from the other dependencies otherwise. */
  signing?: SigningService;
}

export function createHandler({ db, config, log, now, files }: WorkerDeps, options: SignRegistrationOptions = {}): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  // WorkerDeps carries no data folder; the worker process's own configuration names it.
  const signing = options.signing ?? createSigningService({
    db, now,
    dataDir: options.dataDir ?? config.dataDir,
    files: files ?? createFileStore(config.filesDir),
  });
  const seal = SystemSeals.registration;
  return async (input, context) => {
    checkInput(input);
    const documentId = input[Variables.documentId] as string;
    // One signature per (document, purpose, signer): a retried or twice-delivered task gets the
    // first attempt's signature back instead of a second one.
    const result = await signing.signRegistrationCard({
      documentId,
      journalCode: Journals.incoming,
      purpose: SignaturePurposes.registration,
      signer: { kind: 'system', name: seal.name },
      signerSeal: seal,
      actor: ACTOR,
    });
    // The diagram places this task after registration, so both are a broken contract, not a
    // business outcome: an incident for an administrator. A scan that no longer matches its hash
    // (ScanIntegrityError) is retried and then becomes an incident too: never sign other bytes.
    if (result.status === 'document-not-found') throw new ContractError(`document ${documentId} does not exist`);
    if (result.status === 'not-registered') throw new ContractError(`document ${documentId} is not registered in the ${Journals.incoming} journal`);
    if (result.status !== 'signed') throw new ContractError(`document ${documentId}: ${result.status}`);
    (context?.log ?? log).info(
      { signatureId: result.signature.id, certificateSerial: result.signature.certificateSerial, created: result.created },
      result.created ? 'registration card signed' : 'registration card was already signed',
    );
    return {};
  };
}
