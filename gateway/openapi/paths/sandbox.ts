import { closedObject, dateTime, json, jsonBody, problems, str, type Paths } from '../helpers.js';

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
};
