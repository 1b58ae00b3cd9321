import type { Principal } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import {
  CONTROLLER_NOTE,
  processingActivities,
  type ProcessingActivity,
} from '../../privacy/processing-record.js';
import { requireOperator } from './operations.js';

/**
 * The record of processing activities (Art. 30 GDPR) of the procedures this gateway runs, as
 * docs/processing-activities.md has it: for operators and process owners.
 */
export function getProcessingActivities(
  deps: Pick<GatewayDeps, 'procedures'>,
  principal: Principal,
): { controller: string; activities: ProcessingActivity[] } {
  requireOperator(principal, true);
  return { controller: CONTROLLER_NOTE, activities: processingActivities(deps.procedures) };
}
