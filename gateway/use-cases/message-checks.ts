import type { InstanceView } from '../../read-model/instance-view.js';
import { projectionNow } from '../data/projection-reader.js';
import type { FieldError } from '../problem.js';

/**
 * What a message's JSON Schema cannot say because it depends on the case or on today: each
 * check names the field and why (a 400 before anything reaches the engine). "Today" is the
 * engine's (tests move its clock), in Germany's time zone.
 */
type Check = (body: Record<string, unknown>, views: InstanceView[], now: number) => FieldError[];

const berlinDay = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(ms));

/** The newest visa decision among the case's instances (the visa is a called procedure). */
function visaValidFrom(views: InstanceView[]): string | undefined {
  for (const view of views.toReversed()) {
    const decision = view.variables.find((v) => v.name === 'visaDecision')?.value as
      { validFrom?: unknown } | undefined;
    if (typeof decision?.validFrom === 'string') return decision.validFrom;
  }
  return undefined;
}

const CHECKS: Record<string, Check> = {
  /** The recognition body may extend the decision period once (§ 6 BQFG), not twice. */
  'recognition-decision-period-extended': (_body, views) =>
    views.some((v) =>
      v.variables.some((x) => x.name === 'decisionPeriodExtended' && x.value === true),
    )
      ? [
          {
            field: '/',
            reason: 'the decision period was extended once already (§ 6 BQFG allows one extension)',
          },
        ]
      : [],
  /** Nobody enters in the future, nor on a visa before it is valid. */
  'arrived-in-germany': (body, views, now) => {
    const enteredOn = body.enteredOn as string;
    const today = berlinDay(now);
    if (enteredOn > today)
      return [{ field: '/enteredOn', reason: `is in the future (today is ${today})` }];
    const validFrom = visaValidFrom(views);
    if (validFrom !== undefined && enteredOn < validFrom)
      return [{ field: '/enteredOn', reason: `is before the visa is valid (${validFrom})` }];
    return [];
  },
};

/** The errors of a schema-valid message against its case (none when it has no such check). */
export function caseErrors(
  messageName: string,
  body: Record<string, unknown>,
  views: InstanceView[],
): FieldError[] {
  const check = Object.hasOwn(CHECKS, messageName) ? CHECKS[messageName] : undefined;
  return check ? check(body, views, projectionNow(views)) : [];
}

/** Whether a message has checks against its case (so its instances need reading). */
export const hasCaseChecks = (messageName: string) => Object.hasOwn(CHECKS, messageName);
