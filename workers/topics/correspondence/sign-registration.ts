// Signs the registration card (РМК) of an incoming document with the body's registration seal once
// it is registered: the seal's signature covers the registration data and the SHA-256 of the scan,
// so any later change of either is detected (Law 2155-VIII; CMU 798/2023; DESIGN.md "Signatures").
// The use case is lib/correspondence/service.ts signDocument (purpose `registration`), the signing
// itself lib/signing; this module only adapts it to the process.
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { createFileStore } from '../../../lib/file-store.ts';
import { SEAL_ACTOR, signDocument } from '../../../lib/correspondence/service.ts';
import { Journals } from '../../../lib/nomenclature/journals.ts';
import { createSigningService, type SigningService } from '../../../lib/signing/index.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.signRegistration;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export const ACTOR = SEAL_ACTOR;

export interface SignRegistrationOptions {
  /** Where the key-encryption key lives; the runtime configuration's data folder by default. */
  dataDir?: string;
  /** A ready service (tests); built from the other dependencies otherwise. */
  signing?: SigningService;
}

export function createHandler({ db, config, log, now, files }: WorkerDeps, options: SignRegistrationOptions = {}): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  // The signing service's configuration (its data folder, the file store) comes through the factory.
  const signing = options.signing ?? createSigningService({
    db, now,
    dataDir: options.dataDir ?? config.dataDir,
    files: files ?? createFileStore(config.filesDir),
  });
  return async (input, context) => {
    checkInput(input);
    const documentId = input[Variables.documentId] as string;
    // One signature per (document, purpose, signer): a retried or twice-delivered task gets the
    // first attempt's signature back instead of a second one.
    const result = await signDocument({ db, signing }, { purpose: 'registration', documentId });
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
