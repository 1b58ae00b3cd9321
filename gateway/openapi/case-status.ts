import { ENGINE_ID } from './ids.js';
import { dateTime, matching, nullable, ref, str, uuid, type Schema } from './helpers.js';

/**
 * What a party sees of a case: its status and its notices. A component of its own because
 * the case status and the operators' case explorer both answer it.
 */
export const caseStatusSchemas: Record<string, Schema> = {
  NoticeSummary: {
    type: 'object',
    additionalProperties: false,
    required: ['noticeId', 'kind', 'authority', 'outcome', 'issuedAt', 'href'],
    properties: {
      noticeId: str,
      kind: str,
      authority: str,
      outcome: str,
      issuedAt: dateTime,
      href: str,
    },
  },
  Notice: {
    type: 'object',
    additionalProperties: false,
    required: [
      'noticeId',
      'caseId',
      'kind',
      'authority',
      'outcome',
      'reference',
      'issuedAt',
      'validFrom',
      'validUntil',
      'addressee',
      'title',
      'body',
    ],
    properties: {
      noticeId: str,
      caseId: uuid,
      kind: str,
      authority: str,
      outcome: str,
      reference: str,
      issuedAt: dateTime,
      validFrom: nullable({ type: 'string', format: 'date' }),
      validUntil: nullable({ type: 'string', format: 'date' }),
      addressee: {
        type: 'object',
        required: ['givenName', 'familyName', 'dateOfBirth'],
        properties: { givenName: str, familyName: str, dateOfBirth: str },
      },
      title: str,
      body: str,
    },
  },
  CaseSubject: nullable({
    type: 'object',
    description:
      'Whom the case is about (the applicant, or the family member of a family case), as the start named them; null for older cases and for callers who may not see names (operators)',
    additionalProperties: false,
    required: ['givenName', 'familyName'],
    properties: { givenName: str, familyName: str },
  }),
  CaseStatus: {
    type: 'object',
    additionalProperties: false,
    required: [
      'caseId',
      'procedure',
      'title',
      'subject',
      'linkedCaseId',
      'state',
      'processInstanceKey',
      'startedAt',
      'endedAt',
      'currentStages',
      'finalStage',
      'awaitedMessages',
      'openTasks',
      'deadlines',
      'notices',
      'outcome',
      'delayedByTechnicalProblem',
      'expectedDecision',
      'expectedDecisionUnavailable',
      'history',
    ],
    properties: {
      caseId: uuid,
      procedure: str,
      title: str,
      subject: ref('CaseSubject'),
      linkedCaseId: nullable({
        type: 'string',
        format: 'uuid',
        description:
          "The case this one belongs to (a family case: the skilled worker's case); null for callers outside its audience",
      }),
      state: { enum: ['STARTING', 'ACTIVE', 'COMPLETED', 'TERMINATED'] },
      processInstanceKey: nullable(matching(ENGINE_ID)),
      startedAt: nullable(dateTime),
      endedAt: nullable(dateTime),
      currentStages: {
        type: 'array',
        description: 'Where the case is now, in plain language, and who it waits for',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['elementId', 'label', 'awaiting', 'since'],
          properties: {
            elementId: str,
            label: str,
            awaiting: nullable(str),
            since: nullable(dateTime),
          },
        },
      },
      finalStage: nullable({
        type: 'object',
        additionalProperties: false,
        required: ['elementId', 'label'],
        properties: { elementId: str, label: str },
      }),
      awaitedMessages: { type: 'array', items: str },
      openTasks: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['taskKey', 'elementId', 'label', 'authorities', 'assignee', 'dueAt', 'form'],
          properties: {
            taskKey: matching(ENGINE_ID),
            elementId: str,
            label: str,
            authorities: { type: 'array', items: str },
            assignee: nullable(str),
            dueAt: nullable(dateTime),
            form: nullable(str),
          },
        },
      },
      deadlines: {
        type: 'array',
        description:
          "What is due and by when, earliest first: the statutory deadlines that apply to the case, the procedure's named periods, and the due date of each authority's open task",
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['elementId', 'label', 'dueAt', 'kind', 'basis', 'authority'],
          properties: {
            elementId: str,
            label: str,
            dueAt: dateTime,
            kind: {
              enum: ['legal-effect', 'overdue', 'service-target'],
              description:
                'legal-effect: the law decides when it passes (deemed approval, §36 (2) BeschV); overdue: statutory, the case is then overdue but no decision follows (§6 BQFG, §31a AufenthV); service-target: a promise of the platform or the authority, not law',
            },
            basis: nullable(str),
            authority: nullable(str),
          },
        },
      },
      notices: { type: 'array', items: ref('NoticeSummary') },
      outcome: {
        type: 'object',
        description: "The procedure's result variables the caller may see",
      },
      delayedByTechnicalProblem: { type: 'boolean' },
      expectedDecision: nullable({
        type: 'object',
        description:
          'Expected decision date with a 10–90 % range, from comparable cases; a deadline with legal effect (deemed approval) still running bounds it',
        additionalProperties: false,
        required: [
          'expectedAt',
          'earliest',
          'latest',
          'basis',
          'step',
          'comparableCases',
          'runningDeadlines',
        ],
        properties: {
          expectedAt: dateTime,
          earliest: dateTime,
          latest: dateTime,
          basis: { enum: ['step', 'procedure'] },
          step: nullable(str),
          comparableCases: { type: 'integer', minimum: 0 },
          runningDeadlines: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['elementId', 'basis', 'effect', 'dueAt'],
              properties: {
                elementId: str,
                basis: str,
                effect: { enum: ['legal-effect', 'overdue'] },
                dueAt: dateTime,
              },
            },
          },
        },
      }),
      expectedDecisionUnavailable: nullable({
        type: 'object',
        description:
          'Why there is no expected decision date (null when there is one): CASE_STARTING, CASE_ENDED, TOO_FEW_COMPARABLE_CASES (fewer than `required` completed comparable cases; withdrawn and test cases do not count), NOT_PREDICTED_HERE',
        additionalProperties: false,
        required: ['reason', 'comparableCases', 'required', 'text'],
        properties: {
          reason: {
            enum: ['CASE_STARTING', 'CASE_ENDED', 'TOO_FEW_COMPARABLE_CASES', 'NOT_PREDICTED_HERE'],
          },
          comparableCases: { type: 'integer', minimum: 0 },
          required: { type: 'integer', minimum: 1 },
          text: str,
        },
      }),
      history: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['at', 'elementId', 'label', 'event'],
          properties: {
            at: dateTime,
            elementId: str,
            label: str,
            event: { enum: ['started', 'completed', 'cancelled'] },
          },
        },
      },
    },
  },
};
