import type { Api } from '../../ui-shared/api.js';
import type { Answer } from '../../ui-shared/api-types.js';

/**
 * The live version of a model: the newest deployed one (new cases start on it), with its XML,
 * so the modeler can say whether the editor differs from it and whether a deploy would undo
 * it. Forms have none: the engine keeps no versions of them.
 */
export type Version = Answer<'list-model-versions'>['versions'][number];
export interface Live {
  version: Version;
  xml: string;
}

export async function liveOf(
  api: Api,
  model: { kind: 'bpmn' | 'dmn' | 'form'; id: string },
): Promise<Live | null> {
  if (model.kind === 'form') return null;
  const kind = model.kind === 'bpmn' ? 'process' : 'decisions';
  const { versions } = await api.get<{ versions: Version[] }>(
    `/api/v1/models/deployed/${kind}/${encodeURIComponent(model.id)}/versions`,
  );
  const newest = versions[0];
  if (!newest) return null;
  const { xml } = await api.get<{ xml: string }>(`/api/v1/models/deployed/${newest.key}`);
  return { version: newest, xml };
}
