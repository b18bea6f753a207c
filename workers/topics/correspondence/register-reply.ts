// The reply letter to an incoming document (CMU 55/2018, KMDA instruction 1747/2018: an outgoing
// answer is registered in the outgoing journal with a reference to the incoming registration): once
// a head approved the draft, the letter is typeset as a PDF (lib/answer-pdf) carrying its outgoing
// index and the incoming one it answers, stored like a scan, made a document of its own and
// registered in the OUTGOING journal (own gapless yearly numbers, index joined to the journal's case
// file of the nomenclature), `registrations.in_reply_to` pointing at the incoming registration. The
// incoming document's route records the reply. Its card is then signed by the approving head
// (sign-document, purpose `reply`).
//
// Idempotent: the incoming registration row is locked and one reply per incoming registration is
// kept (a unique index backs it), so a retried task gets the first reply and never a second number.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { renderAnswerPdf, ukrainianDate } from '../../../lib/answer-pdf/index.ts';
import { Topics, TopicContracts, Variables } from '../../../lib/correspondence/manifest.ts';
import type { VariableSchema } from '../../../lib/manifest.ts';
import { createFileStore, type FileStore } from '../../../lib/file-store.ts';
import { registerReply } from '../../../lib/correspondence/registrations-repository.ts';
import { recordHandOver } from '../../../lib/correspondence/route-repository.ts';
import { ContractError, variablesValidator, type TopicHandler, type WorkerDeps } from '../../task-outcome.ts';

export const topic = Topics.registerReply;
export const reads: VariableSchema = TopicContracts[topic].reads;
export const writes: VariableSchema = TopicContracts[topic].writes;

export function createHandler({ db, config, log, now, files }: WorkerDeps): TopicHandler {
  const checkInput = variablesValidator(topic, 'reads', reads);
  const store: FileStore = files ?? createFileStore(config.filesDir);
  const publicUrl = config.api.publicUrl;
  return async (input, context) => {
    checkInput(input);
    const processInstanceId = context?.task?.processInstanceId;
    if (!processInstanceId) throw new ContractError(`${topic}: the task's process instance is unknown`);
    const documentId = input[Variables.documentId] as string;
    const approverId = input[Variables.replyApprovedBy] as number;
    const approver = await db('staff_users').where({ id: approverId }).first('full_name');
    if (!approver) throw new ContractError(`${topic}: the approving head ${approverId} does not exist`);
    const incomingCard = await db('documents').where({ id: documentId })
      .first('correspondent', 'their_number', db.raw(`to_char(their_date, 'DD.MM.YYYY') AS their_date`));
    if (!incomingCard) throw new ContractError(`${topic}: document ${documentId} does not exist`);
    const responsible = await db('resolutions as r').where({ 'r.process_instance_id': processInstanceId }).first('r.responsible_executor');
    const at = now();

    const result = await db.transaction(async (trx) => {
      const registered = await registerReply(trx, {
        incomingDocumentId: documentId,
        at,
        makeDocument: async ({ registrationIndex, registeredAt, incoming }) => {
          const id = randomUUID();
          const theirs = incomingCard.their_number ? ` від ${incomingCard.their_date ?? '—'} № ${incomingCard.their_number}` : '';
          const pdf = await renderAnswerPdf({
            verificationId: id,
            publicUrl,
            registrationIndex,
            date: registeredAt,
            addressee: { name: input[Variables.replyAddressee] as string },
            subject: input[Variables.replySummary] as string,
            body: input[Variables.replyText] as string,
            signatory: { position: 'Керівник', name: approver.full_name as string },
            inReplyTo: `На Ваш лист${theirs} (вх. № ${incoming.registrationIndex} від ${ukrainianDate(incoming.registeredAt)})`,
          });
          const stored = await store.commit(await store.receive(Readable.from([pdf])));
          await trx('documents').insert({
            id,
            kind: 'outgoing',
            status: 'registered',
            correspondent: input[Variables.replyAddressee],
            summary: input[Variables.replySummary],
            file_sha256: stored.sha256,
            file_name: null,
            file_type: stored.type,
            file_size: stored.size,
            created_by: approverId,
            received_at: registeredAt,
            updated_at: registeredAt,
          });
          return id;
        },
      });
      if (!registered) throw new ContractError(`${topic}: document ${documentId} is not registered in the incoming journal`);
      if (registered.created) {
        // The incoming document's route: the reply went out through the general office's outgoing journal.
        const outgoingDepartment = await trx('case_files as c').leftJoin('departments as d', 'd.id', 'c.department_id')
          .where('c.index', registered.registration.caseFileIndex).first('d.code');
        const fromDepartment = /^department:(.+)$/.exec(responsible?.responsible_executor ?? '')?.[1] ?? null;
        await recordHandOver(trx, {
          eventKey: `reply:${registered.incoming.id}`,
          documentId,
          action: 'replied',
          step: context?.task?.activityId ?? null,
          from: { department: fromDepartment },
          to: [{ department: outgoingDepartment?.code ?? null }],
          reason: registered.registration.registrationIndex,
          at,
        });
      }
      return registered;
    });
    (context?.log ?? log).info({ replyDocumentId: result.registration.documentId, created: result.created }, result.created ? 'reply registered' : 'reply was already registered');
    return {
      [Variables.replyDocumentId]: result.registration.documentId,
      [Variables.replyIndex]: result.registration.registrationIndex,
    };
  };
}
