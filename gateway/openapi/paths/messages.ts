import { componentName, type ProcedureContracts } from '../contracts.js';
import { caseIdParam, idempotencyKey } from '../components.js';
import { json, jsonBody, problems, ref, type Paths } from '../helpers.js';

/**
 * One path per message name, whichever procedure waits for it: a message of a called
 * procedure reaches the case too. The first procedure (by name) that declares it gives the
 * schema and the senders.
 */
export function messagePaths({ procedures }: ProcedureContracts): Paths {
  const messages = new Map<string, { schema: string; procedures: string[]; senders: string[] }>();
  for (const p of procedures)
    for (const [name, m] of Object.entries(p.messages)) {
      const entry = messages.get(name) ?? {
        schema: componentName(m.schema),
        procedures: [],
        senders: m.senders.map((s) => (s.authority ? `${s.role} (${s.authority})` : s.role)),
      };
      entry.procedures.push(p.procedure);
      messages.set(name, entry);
    }
  return Object.fromEntries(
    [...messages.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, m]) => [
        `/api/v1/cases/{caseId}/messages/${name}`,
        {
          post: {
            operationId: `send-${name}`,
            tags: ['messages'],
            summary: `Send ${name} to a case`,
            description: `Accepted by ${m.procedures.join(', ')}. Sent by: ${m.senders.join(', ')}. 409 when the case is not waiting for it.`,
            parameters: [caseIdParam, idempotencyKey(false)],
            requestBody: jsonBody(ref(m.schema)),
            responses: {
              '202': json(ref('MessageAccepted'), 'Delivered to the case'),
              ...problems('400', '401', '403', '404', '409', '413', '415', '422', '429', '503'),
            },
          },
        },
      ]),
  );
}
