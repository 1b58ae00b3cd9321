import { caseIdParam } from '../components.js';
import {
  closedObject,
  dateTime,
  json,
  jsonBody,
  nullable,
  pathParam,
  problems,
  str,
  type Paths,
} from '../helpers.js';

const tags = ['sandbox'];

const clock = closedObject(['now', 'offsetMs', 'organisation'], {
  now: { ...dateTime, description: "The sandbox engine's now" },
  offsetMs: {
    type: 'integer',
    minimum: 0,
    description: 'How far the sandbox clock was moved ahead of real time in total',
  },
  organisation: { ...str, description: 'The organisation the sandbox belongs to' },
});

const partnerParam = pathParam(
  'partner',
  { enum: ['ba', 'bva', 'recognition', 'mission'] },
  'The simulated authority',
);

const autoAnswerSettings = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    enabled: { type: 'boolean' },
    delayMs: { type: 'integer', minimum: 0, maximum: 3_600_000 },
    outcome: nullable({ type: 'string', pattern: '^[A-Z_]{1,40}$' }),
  },
};

const autoAnswers = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled', 'delayMs', 'outcome'],
  properties: {
    enabled: { type: 'boolean' },
    delayMs: { type: 'integer', minimum: 0 },
    outcome: nullable(str),
  },
};

const amount = (max: number) => ({ type: 'integer', minimum: 0, maximum: max });

/**
 * A sandbox gateway's own clock (docs/sandbox.md): only a gateway started with
 * SANDBOX_ORGANISATION answers these; every other gateway answers 404.
 */
export const sandboxPaths: Paths = {
  '/api/v1/sandbox/clock': {
    get: {
      operationId: 'get-sandbox-clock',
      tags,
      summary: "The sandbox's clock (sandbox gateways only)",
      description:
        'The engine clock of this sandbox, which moves nothing but the sandbox organisation’s test cases. The organisation’s employers and operators may read it.',
      responses: {
        '200': json(clock, 'The sandbox clock'),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/sandbox/clock/advance': {
    post: {
      operationId: 'advance-sandbox-clock',
      tags,
      summary: "Moves the sandbox's clock ahead (sandbox gateways only)",
      description:
        'Timers that become due fire within about a second: deemed approvals, reminders, expiries. The clock never goes back. At least one of days, hours, minutes above 0.',
      requestBody: jsonBody({
        type: 'object',
        additionalProperties: false,
        properties: { days: amount(3650), hours: amount(87_600), minutes: amount(525_600) },
      }),
      responses: {
        '200': json(clock, 'The moved clock'),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
  },
  '/api/v1/sandbox/persons': {
    post: {
      operationId: 'create-sandbox-person',
      tags,
      summary: 'Creates a demo person: an applicant of this sandbox (sandbox gateways only)',
      description:
        'Answers a token of the sandbox’s own issuer for a new applicant identity, valid 8 hours on this sandbox gateway only, so the organisation can play the applicant of its test cases (start as them, read their status, grant access). Nothing is stored; the person’s data goes into the applications made with the token.',
      requestBody: jsonBody(
        closedObject(['givenName', 'familyName'], {
          givenName: { type: 'string', minLength: 1, maxLength: 100 },
          familyName: { type: 'string', minLength: 1, maxLength: 100 },
          dateOfBirth: { type: 'string', format: 'date' },
          nationality: { type: 'string', pattern: '^[A-Z]{3}$' },
        }),
      ),
      responses: {
        '201': json(
          closedObject(['personId', 'token', 'expiresIn', 'person'], {
            personId: str,
            token: { ...str, description: 'Bearer token of the applicant, this sandbox only' },
            expiresIn: str,
            person: { type: 'object' },
          }),
          'The demo person and their token',
        ),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
  },
  '/api/v1/sandbox/auto-answers/{partner}': {
    put: {
      operationId: 'set-sandbox-auto-answers',
      tags,
      summary:
        "How the sandbox's simulated authorities answer, sandbox-wide (sandbox gateways only)",
      description:
        'With `enabled`, the simulated BA, BVA, recognition body or mission sends its decision to each new request of the sandbox by itself, after `delayMs`, with `outcome` (null: its default: APPROVED, NO_CONCERNS, EQUIVALENT, GRANTED). Settings for one case override these.',
      parameters: [partnerParam],
      requestBody: jsonBody(autoAnswerSettings),
      responses: {
        '200': json(autoAnswers, 'The settings now in force'),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
  },
  '/api/v1/sandbox/cases/{caseId}/auto-answers/{partner}': {
    put: {
      operationId: 'set-sandbox-case-auto-answers',
      tags,
      summary:
        "How a simulated authority answers one of the sandbox's cases (sandbox gateways only)",
      description:
        'As the sandbox-wide settings, for this case only. A request the case made while auto-answer was off for it is answered as soon as it is switched on, so a waiting case can be decided with the outcome you want.',
      parameters: [caseIdParam, partnerParam],
      requestBody: jsonBody(autoAnswerSettings),
      responses: {
        '200': json(
          {
            ...autoAnswers,
            required: ['caseId', 'enabled', 'delayMs', 'outcome'],
            properties: { caseId: str, ...autoAnswers.properties },
          },
          'The settings now in force for the case',
        ),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
  },
};

const organisationParam = pathParam(
  'organisation',
  { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
  'The organisation (an employer’s organisation id)',
);
const sandboxView = closedObject(
  ['organisation', 'state', 'gatewayUrl', 'requestedAt', 'startedAt', 'error'],
  {
    organisation: str,
    state: {
      enum: ['REQUESTED', 'STARTING', 'RUNNING', 'STOP_REQUESTED', 'STOPPED', 'FAILED'],
      description:
        'REQUESTED → STARTING → RUNNING; a stop: STOP_REQUESTED → STOPPED (data kept; asking again starts it with its data); FAILED: error says why',
    },
    gatewayUrl: nullable({ ...str, description: 'The sandbox gateway’s base URL while RUNNING' }),
    requestedAt: dateTime,
    startedAt: nullable(dateTime),
    error: nullable(str),
  },
);

/**
 * Sandboxes on request, at the platform's gateway (not inside a sandbox): the sandbox
 * provisioner starts and stops the organisation's own stack (docs/sandbox.md).
 */
export const sandboxRequestPaths: Paths = {
  '/api/v1/organisations/{organisation}/sandbox': {
    put: {
      operationId: 'request-sandbox',
      tags,
      summary: 'Asks for the organisation’s sandbox (started on request, on its own engine host)',
      description:
        'A stack of the organisation’s own — engine host with a movable clock, database, gateway, simulators — is started by the sandbox provisioner; follow it with GET until RUNNING. Asking again while it starts or runs changes nothing; a stopped sandbox starts again with its data. Employers of the organisation and operators.',
      parameters: [organisationParam],
      responses: {
        '202': json(sandboxView, 'Asked for; the provisioner starts it'),
        ...problems('401', '403', '429', '503'),
      },
    },
    get: {
      operationId: 'get-sandbox',
      tags,
      summary: 'The organisation’s sandbox: its state and, while running, its gateway URL',
      parameters: [organisationParam],
      responses: {
        '200': json(sandboxView, 'The sandbox'),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
    delete: {
      operationId: 'stop-sandbox',
      tags,
      summary: 'Stops the organisation’s sandbox (its data kept)',
      parameters: [organisationParam],
      responses: {
        '202': json(sandboxView, 'Asked to stop'),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/organisations/{organisation}/sandbox/tokens': {
    post: {
      operationId: 'create-sandbox-token',
      tags,
      summary: 'A token of the running sandbox’s own issuer for the caller (8 hours)',
      description:
        'Opens the sandbox gateway (and no other) as the caller: the same role and organisation. 409 while the sandbox is not RUNNING.',
      parameters: [organisationParam],
      responses: {
        '201': json(
          closedObject(['token', 'expiresIn', 'gatewayUrl'], {
            token: str,
            expiresIn: str,
            gatewayUrl: str,
          }),
          'The token and where to use it',
        ),
        ...problems('401', '403', '404', '409', '429', '503'),
      },
    },
  },
};
