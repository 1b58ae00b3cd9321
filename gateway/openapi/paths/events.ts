import { CASE_EVENT_TYPES } from '../../../read-model/case-events.js';
import {
  closedObject,
  dateTime,
  json,
  jsonBody,
  listOf,
  nullable,
  pageLimit,
  pathParam,
  problems,
  queryParam,
  ref,
  str,
  uuid,
  type Paths,
  type Schema,
} from '../helpers.js';

/**
 * The cases' events (issue 20): CloudEvents 1.0, as webhooks (subscriptions of employers and
 * agents, signed deliveries, a delivery log) and as a Server-Sent Events stream.
 */
const eventTypes = CASE_EVENT_TYPES.map((t) => `de.wsa.${t}`);
const eventType: Schema = { enum: eventTypes };
const eventId: Schema = { type: 'string', pattern: '^(0|[1-9][0-9]{0,17})$' };

const webhookFields = ['webhookId', 'url', 'procedures', 'caseIds', 'eventTypes', 'createdAt'];
const webhookProperties: Record<string, Schema> = {
  webhookId: uuid,
  url: str,
  procedures: { type: 'array', items: str },
  caseIds: { type: 'array', items: str },
  eventTypes: { type: 'array', items: str },
  createdAt: dateTime,
};

export const eventSchemas: Record<string, Schema> = {
  CaseEvent: {
    ...closedObject(
      ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'],
      {
        specversion: { const: '1.0' },
        id: {
          ...eventId,
          description: 'Increasing; the same in every delivery (deduplicate by it)',
        },
        source: str,
        type: eventType,
        subject: { ...str, description: 'The case id' },
        time: dateTime,
        datacontenttype: { const: 'application/json' },
        data: {
          type: 'object',
          description:
            'What changed, only the fields the receiver may see (`procedure` always: the procedure of the instance it happened in)',
        },
      },
    ),
    description: 'A CloudEvents 1.0 event (structured JSON)',
  },
  WebhookRequest: closedObject(['url'], {
    url: { type: 'string', format: 'uri', maxLength: 2000, description: 'http or https' },
    procedures: {
      type: 'array',
      maxItems: 50,
      items: { type: 'string', maxLength: 100 },
      description: 'Only events of these procedures (empty: all)',
    },
    caseIds: {
      type: 'array',
      maxItems: 500,
      items: uuid,
      description: 'Only events of these cases (empty: all the caller may see)',
    },
    eventTypes: {
      type: 'array',
      maxItems: eventTypes.length,
      items: eventType,
      description: 'Only events of these types (empty: all)',
    },
  }),
  Webhook: closedObject(webhookFields, webhookProperties),
  WebhookCreated: closedObject([...webhookFields, 'secret'], {
    ...webhookProperties,
    secret: {
      type: 'string',
      pattern: '^whsec_',
      description: 'The signing secret (`whsec_` + base64 key): shown only now',
    },
  }),
  WebhookDelivery: closedObject(
    [
      'deliveryId',
      'eventId',
      'state',
      'attempts',
      'nextAttemptAt',
      'lastAttemptAt',
      'lastStatus',
      'lastError',
      'deliveredAt',
      'event',
    ],
    {
      deliveryId: eventId,
      eventId,
      state: { enum: ['pending', 'delivered', 'dead'] },
      attempts: { type: 'integer', minimum: 0 },
      nextAttemptAt: nullable(dateTime),
      lastAttemptAt: nullable(dateTime),
      lastStatus: nullable({ type: 'integer' }),
      lastError: nullable(str),
      deliveredAt: nullable(dateTime),
      event: ref('CaseEvent'),
    },
  ),
};

const tags = ['events'];
const webhookIdParam = pathParam('webhookId', uuid);

export const eventPaths: Paths = {
  '/api/v1/webhooks': {
    post: {
      operationId: 'create-webhook',
      tags,
      summary:
        'An employer (for its organisation) or an agent subscribes to the events of its cases',
      description:
        'Each delivery is a POST of one CloudEvent (`application/cloudevents+json`) signed as Standard Webhooks: `webhook-id` (the event id), `webhook-timestamp` (Unix seconds), `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` with the secret). Refuse timestamps more than 5 minutes from your clock. A 2xx answer settles a delivery; anything else is retried with exponential back-off, then parked as `dead`. The `secret` is answered only here.',
      requestBody: jsonBody(ref('WebhookRequest')),
      responses: {
        '201': json(ref('WebhookCreated'), 'Subscribed; keep the secret, it is not shown again'),
        ...problems('400', '401', '403', '413', '415', '429', '503'),
      },
    },
    get: {
      operationId: 'list-webhooks',
      tags,
      summary: "The caller's (or its organisation's) subscriptions",
      responses: {
        '200': json(listOf('webhooks', ref('Webhook')), 'The subscriptions'),
        ...problems('401', '403', '429', '503'),
      },
    },
  },
  '/api/v1/webhooks/{webhookId}': {
    get: {
      operationId: 'get-webhook',
      tags,
      summary: 'One subscription',
      parameters: [webhookIdParam],
      responses: {
        '200': json(ref('Webhook'), 'The subscription'),
        ...problems('401', '403', '404', '429', '503'),
      },
    },
    put: {
      operationId: 'update-webhook',
      tags,
      summary: "Replaces a subscription's address and filters (the secret and the log stay)",
      parameters: [webhookIdParam],
      requestBody: jsonBody(ref('WebhookRequest')),
      responses: {
        '200': json(ref('Webhook'), 'The subscription as it is now'),
        ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
      },
    },
    delete: {
      operationId: 'delete-webhook',
      tags,
      summary: 'Ends a subscription (its deliveries go with it)',
      parameters: [webhookIdParam],
      responses: {
        '204': { description: 'Deleted' },
        ...problems('401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/webhooks/{webhookId}/deliveries': {
    get: {
      operationId: 'list-webhook-deliveries',
      tags,
      summary: "A subscription's delivery log, newest first (`state=dead`: the dead letters)",
      parameters: [
        webhookIdParam,
        queryParam('state', { enum: ['pending', 'delivered', 'dead'] }),
        queryParam('limit', pageLimit, { description: 'At most this many (default 100)' }),
      ],
      responses: {
        '200': json(listOf('deliveries', ref('WebhookDelivery')), 'The deliveries'),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver': {
    post: {
      operationId: 'redeliver-webhook',
      tags,
      summary: 'Sends a delivery again (a dead one too), with a fresh count of tries',
      parameters: [webhookIdParam, pathParam('deliveryId', eventId)],
      responses: {
        '200': json(ref('WebhookDelivery'), 'Due again now'),
        ...problems('400', '401', '403', '404', '429', '503'),
      },
    },
  },
  '/api/v1/events': {
    get: {
      operationId: 'stream-events',
      tags,
      summary: "The caller's events as Server-Sent Events",
      description:
        "Each message: `id:` the event id, `event:` its type, `data:` the CloudEvent (only the fields the caller may see). A comment line is a heartbeat. `Last-Event-ID` resumes after that event; without it the stream starts with the next event. Send the bearer token in the Authorization header (read the stream with fetch; EventSource cannot send it). Task events go to the caseworkers of the task's authority, and of its office where the task is bound to one (token claim `office`); `incident.created` and `incident.resolved` (a step that failed past its retries, and its repair) go to operators.",
      parameters: [
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description: 'Resume after this event',
          schema: eventId,
        },
        queryParam('lastEventId', eventId, {
          description: 'As the header, for clients that cannot set headers on a reconnect',
        }),
      ],
      responses: {
        '200': {
          description: 'The stream (text/event-stream), open until the client closes it',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        ...problems('400', '401', '429', '503'),
      },
    },
  },
};
