import winston from 'winston';
import { currentRequestId } from './request-context.js';

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
    level: process.env.LOG_LEVEL ?? 'info',
    defaultMeta: { component },
    format: winston.format.combine(requestId(), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}

export type Logger = winston.Logger;
