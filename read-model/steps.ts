import { procedureForProcess, type Procedure, type StageText } from '../processes/registry.js';
import type { InstanceView } from './instance-view.js';

/**
 * The named steps of a case (elements its procedure gives a stage text), across its
 * instances, with when each started and ended (null while it runs). The KPIs and the
 * expected decision date both start from these.
 */
export interface StepSpan {
  view: InstanceView;
  procedure: Procedure;
  stage: StageText;
  elementId: string;
  /** `<bpmnProcessId>:<elementId>`: the same step in every case of the model. */
  step: string;
  activatedAt: number;
  endedAt: number | null;
}

export function stepSpans(views: InstanceView[], procedures: Map<string, Procedure>): StepSpan[] {
  return views.flatMap((view) => {
    const procedure = procedureForProcess(procedures, view.bpmnProcessId);
    if (!procedure) return [];
    return Object.values(view.elements).flatMap((e) => {
      const stage = procedure.stages[e.elementId];
      if (!stage || !e.activatedAt) return [];
      return [
        {
          view,
          procedure,
          stage,
          elementId: e.elementId,
          step: `${view.bpmnProcessId}:${e.elementId}`,
          activatedAt: new Date(e.activatedAt).getTime(),
          endedAt: e.endedAt && e.state !== 'ACTIVE' ? new Date(e.endedAt).getTime() : null,
        },
      ];
    });
  });
}
