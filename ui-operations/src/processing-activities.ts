import type { Api } from '../../ui-shared/api.js';
import { clear, el } from '../../ui-shared/dom.js';
import type { Texts } from './texts.js';

/** One procedure's entry of the record (GET /api/v1/operations/processing-activities). */
interface ProcessingActivity {
  procedure: string;
  title: string;
  purpose: string;
  legalBasis: string;
  dataSubjects: string[];
  personalData: string[];
  recipients: { authorities: string[]; partnerSystems: string[] };
  retention: { outcome: string; dataClass: string; period: string; legalBasis: string }[];
}

/**
 * The record of processing activities (Art. 30 GDPR), as generated from the procedures: one
 * section per procedure with purpose, legal basis, data subjects, recipients, the personal
 * data it is given and its retention periods.
 */
export async function processingActivitiesView(
  panel: HTMLElement,
  api: Api,
  t: Texts,
): Promise<void> {
  const record = await api.get<{ controller: string; activities: ProcessingActivity[] }>(
    '/api/v1/operations/processing-activities',
  );
  const item = (label: string, value: string) =>
    el('div', {}, el('dt', {}, label), el('dd', {}, value));
  clear(
    panel,
    el('h2', {}, t.ropaTitle),
    el('p', { class: 'muted' }, record.controller),
    record.activities.map((a) =>
      el(
        'section',
        { class: 'ropa', 'data-procedure': a.procedure },
        el('h3', {}, `${a.title} (${a.procedure})`),
        el(
          'dl',
          {},
          item(t.ropaPurpose, a.purpose),
          item(t.ropaLegalBasis, a.legalBasis),
          item(t.ropaSubjects, a.dataSubjects.join('; ')),
          item(
            t.ropaRecipients,
            [
              ...a.recipients.authorities,
              ...a.recipients.partnerSystems.map((p) => `${p} (IT)`),
            ].join(', '),
          ),
          item(t.ropaData, a.personalData.join(', ')),
        ),
        el(
          'table',
          { class: 'data' },
          el('caption', {}, t.ropaRetention),
          el(
            'tr',
            {},
            [t.ropaOutcome, t.ropaDataClass, t.ropaPeriod, t.ropaLegalBasis].map((h) =>
              el('th', { scope: 'col' }, h),
            ),
          ),
          a.retention.map((r) =>
            el(
              'tr',
              {},
              el('td', {}, r.outcome),
              el('td', {}, r.dataClass),
              el('td', {}, r.period),
              el('td', {}, r.legalBasis),
            ),
          ),
        ),
      ),
    ),
  );
}
