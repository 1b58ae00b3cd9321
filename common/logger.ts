import winston from 'winston';
import { currentRequestId } from './request-context.js';
import { loadEnv } from './env.js';

/** How much every component logs (`LOG_LEVEL`, winston's levels). */
const logSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    LOG_LEVEL: {
      enum: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
      default: 'info',
    },
  },
} as const;

/** Adds the request id of the request being served, when there is one. */
const requestId = winston.format((info) => {
  const id = currentRequestId();
  if (id && info.requestId === undefined) info.requestId = id;
  return info;
});

/**
 * One JSON logger for every component. Callers add domain keys as metadata
 * (processInstanceKey, jobKey, caseId, requestId) so log lines can be joined across components.
 */
export function createLogger(component: string): winston.Logger {
  return winston.createLogger({
    level: loadEnv(logSchema).LOG_LEVEL,
    defaultMeta: { component },
    format: winston.format.combine(requestId(), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}

export type Logger = winston.Logger;
