// Citizens' appeals (Law 393/96-ВР): what processes/citizen-appeal.bpmn and the code share.
import { registrationWrites, userTask, type BpmnErrorContract, type DomainManifest, type TopicContract, type UserTaskContract } from '../manifest.ts';
import { Variables as CalendarVariables } from '../calendar/manifest.ts';
import { Variables as NotifyVariables } from '../notifications/manifest.ts';
import { CandidateGroups } from '../staff/groups.ts';
import { mailTemplates } from './mail.ts';
import { appealForms } from './forms.ts';

/** Process definition keys (the `id` of `<bpmn:process>`). */
export const ProcessKeys = {
  citizenAppeal: 'citizen-appeal',
} as const;

/** External-task topics (`camunda:topic` of a service task with `camunda:type="external"`). */
export const Topics = {
  /** Registers a citizen's appeal: CMU 348 letter index, gapless yearly number (workers/topics/appeals/register-appeal.ts). */
  registerAppeal: 'register-appeal',
  /** Checks a citizen's appeal against Art. 5 and Art. 8 of Law 393/96-ВР (workers/topics/appeals/check-appeal.ts). */
  checkAppeal: 'check-appeal',
  /** Records a citizen-visible step of an appeal with its e-mail, in one transaction (workers/topics/appeals/record-appeal-outcome.ts). */
  recordAppealOutcome: 'record-appeal-outcome',
  /** Signs the approved answer to an appeal with the approving head's certificate (workers/topics/appeals/sign-appeal-answer.ts). */
  signAppealAnswer: 'sign-appeal-answer',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/** Process variable names shared by the API, the workers and the diagram (the kernels' too). */
export const Variables = {
  ...CalendarVariables,
  ...NotifyVariables,
  registrationIndex: 'registrationIndex',
  registrationNumber: 'registrationNumber',
  journalCode: 'journalCode',
  appealId: 'appealId',
  appealCheck: 'appealCheck',
  appealPriority: 'appealPriority',
  repeatDecision: 'repeatDecision',
  appealResolution: 'appealResolution',
  appealType: 'appealType',
  appealOutcome: 'appealOutcome',
  decision: 'decision',
  forwardTo: 'forwardTo',
  complainedBody: 'complainedBody',
  executorsDepartment: 'executorsDepartment',
  shortTerm: 'shortTerm',
  requestExtension: 'requestExtension',
  extend: 'extend',
  newDueDate: 'newDueDate',
  extensionReason: 'extensionReason',
  answerText: 'answerText',
  answerResult: 'answerResult',
  refusalGround: 'refusalGround',
  approval: 'approval',
  approvalComment: 'approvalComment',
  approvedBy: 'approvedBy',
  answerReturns: 'answerReturns',
  // The body's terms from receipt (lib/calendar regimes appeal-return, appeal-forward), for the tasks'
  // due and follow-up dates: Art. 5 (a defective appeal returned within 10 days), Art. 7 (forwarded within 5).
  returnDueDateTime: 'returnDueDateTime',
  forwardDueDateTime: 'forwardDueDateTime',
} as const;

export const UserTasks = {
  // citizen-appeal (Law 393/96-ВР)
  returnAppealToAuthor: userTask('return-appeal-to-author', [CandidateGroups.clerks]),
  decideRepeatAppeal: userTask('decide-repeat-appeal', [CandidateGroups.heads]),
  considerAppeal: userTask('consider-appeal', [CandidateGroups.heads], { rules: appealForms.considerAppeal }),
  prepareAppealAnswer: userTask('prepare-appeal-answer', [CandidateGroups.executors], { rules: appealForms.prepareAppealAnswer }),
  extendAppealTerm: userTask('extend-appeal-term', [CandidateGroups.heads], { rules: appealForms.extendAppealTerm }),
  approveAppealAnswer: userTask('approve-appeal-answer', [CandidateGroups.heads], { rules: appealForms.approveAppealAnswer }),
  appealDueReminder: userTask('appeal-due-reminder', [CandidateGroups.executors]),
  appealOverdue: userTask('appeal-overdue', [CandidateGroups.heads]),
} as const satisfies Record<string, UserTaskContract>;

const uuid = { type: 'string', format: 'uuid' } as const;
const DATE = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;

export const TopicContracts = {
  [Topics.registerAppeal]: {
    reads: {
      type: 'object',
      required: [Variables.appealId],
      properties: {
        [Variables.appealId]: uuid,
        // Written by the `legal-deadline` task that runs before registration; stored with the
        // registration so the citizen sees the term and how it was computed.
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
      },
    },
    writes: registrationWrites,
    throws: [],
  },
  [Topics.checkAppeal]: {
    reads: {
      type: 'object',
      required: [Variables.appealId, Variables.receivedAt],
      properties: {
        [Variables.appealId]: uuid,
        // A start variable: the terms of Art. 5 and Art. 7 run from receipt.
        [Variables.receivedAt]: { type: 'string', minLength: 16, maxLength: 40 },
      },
    },
    writes: {
      type: 'object',
      required: [Variables.appealCheck, Variables.returnDueDateTime, Variables.forwardDueDateTime],
      properties: {
        [Variables.appealCheck]: { type: 'string', enum: ['ok', 'anonymous', 'incomplete', 'repeat', 'complaint-late'] },
        // The end of the working day of each term's last day (Civil Code Art. 253-255), ISO 8601 with offset.
        [Variables.returnDueDateTime]: { type: 'string', minLength: 20 },
        [Variables.forwardDueDateTime]: { type: 'string', minLength: 20 },
      },
    },
    throws: [],
  },
  [Topics.recordAppealOutcome]: {
    reads: {
      type: 'object',
      required: [Variables.appealId, Variables.appealOutcome],
      properties: {
        [Variables.appealId]: uuid,
        // An input parameter of the service task: which step this is (lib/appeals/outcomes.ts).
        [Variables.appealOutcome]: { type: 'string', enum: ['under-consideration', 'forwarded', 'term-extended', 'answered', 'not-considered'] },
        // under-consideration: the department and the term (recomputed when the head chose 15 days).
        [Variables.executorsDepartment]: { type: 'string', pattern: '^[0-9A-Za-z-]{1,16}$' },
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
        // forwarded (Art. 7)
        [Variables.forwardTo]: { type: 'string', minLength: 1, maxLength: 300 },
        // term-extended (Art. 20)
        [Variables.newDueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.extensionReason]: { type: 'string', minLength: 1, maxLength: 500 },
        [Variables.receivedAt]: { type: 'string', minLength: 16, maxLength: 40 },
        // not-considered: the repeat path (Art. 8 p.2) has no other variable.
      },
    },
    writes: {
      type: 'object',
      required: [],
      properties: {
        // under-consideration and term-extended: the instants the answer task's timers wait for.
        [Variables.reminderDateTime]: { type: 'string', minLength: 20 },
        [Variables.dueDate]: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        [Variables.dueDateTime]: { type: 'string', minLength: 20 },
        [Variables.deadlineExplanation]: { type: 'object' },
      },
    },
    throws: [],
  },
  [Topics.signAppealAnswer]: {
    reads: {
      type: 'object',
      required: [Variables.appealId, Variables.answerText, Variables.answerResult, Variables.approvedBy],
      properties: {
        [Variables.appealId]: uuid,
        [Variables.answerText]: { type: 'string', minLength: 1, maxLength: 10000 },
        [Variables.answerResult]: { type: 'string', enum: ['satisfied', 'explained', 'refused'] },
        [Variables.refusalGround]: { type: 'string', minLength: 1, maxLength: 500 },
        // The staff id of the head who approved: set by the API from the session, never by a client.
        [Variables.approvedBy]: { type: 'integer', minimum: 1 },
      },
    },
    // Nothing for the diagram: the signed answer is kept in the application database (appeal_answers).
    writes: { type: 'object', required: [], properties: {} },
    throws: [],
  },
} as const satisfies Record<Topic, TopicContract>;

/** Business outcomes its workers report as BPMN errors: none in this domain yet. */
const ERRORS: readonly BpmnErrorContract[] = [];

export const manifest = {
  name: 'appeals',
  summary: 'Citizens’ appeals (Law 393/96-ВР): proposals, applications and complaints on their clock',
  processes: [{
    key: ProcessKeys.citizenAppeal,
    file: 'citizen-appeal.bpmn',
    businessKey: Variables.appealId,
    startVariables: [Variables.appealId, Variables.receivedAt, Variables.deadlineRegime, Variables.appealPriority, Variables.appealType],
  }],
  topics: TopicContracts,
  errors: ERRORS,
  userTasks: UserTasks,
  dateVariables: [Variables.dueDateTime, Variables.reminderDateTime, Variables.returnDueDateTime, Variables.forwardDueDateTime],
  mail: mailTemplates,
  layers: { api: true, workers: true },
} as const satisfies DomainManifest;
