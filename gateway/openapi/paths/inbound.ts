import { closedObject, createdOnce, problems, str, uuid, type Paths } from '../helpers.js';

/**
 * Messages in the shape of the authorities' own standards, from their own systems
 * (docs/partner-standards.md): an immigration office's decision as an XAusländer-shaped
 * `abh.entscheidung` instead of the tasklist's form.
 */
const received = closedObject(['messageId', 'caseId', 'elementId', 'replayed', 'status'], {
  messageId: { ...str, description: 'The message UUID from its head (nachrichtenUUID)' },
  caseId: uuid,
  elementId: { ...str, description: 'The ABH task the decision completed' },
  replayed: { type: 'boolean', description: 'This message UUID was received before' },
  status: str,
});

export const inboundPaths: Paths = {
  '/api/v1/xauslaender/messages': {
    post: {
      operationId: 'receive-xauslaender-message',
      tags: ['messages'],
      summary:
        "An immigration office's decision from its case-management system as an XAusländer-shaped abh.entscheidung (XML): completes the case's open ABH task of that kind, once per message UUID",
      requestBody: {
        required: true,
        description:
          'An abh.entscheidung (namespace urn:wsa:xauslaender-shaped:1): nachrichtenkopf with nachrichtenUUID; nachrichteninhalt/vorgang {aktenzeichen: the case id, anlass: aufenthaltserlaubnis}; entscheidung {ergebnis: erteilt|abgelehnt, aktenzeichenEntscheidung, gueltigBis, begruendung}',
        content: { 'application/xml': { schema: { type: 'string', minLength: 1 } } },
      },
      responses: {
        ...createdOnce(
          received,
          'Received: the task is completed',
          'This message was received before',
        ),
        ...problems('400', '401', '403', '404', '409', '415', '422', '429', '503'),
      },
    },
  },
};
