import type { Queryable } from '../../common/db.js';

/**
 * The modeler's records beside the engine's repository: each process owner's drafts (unsaved
 * edits, one per owner and model, autosaved) and the change note of each deployment made
 * through the gateway (read_model.model_drafts, read_model.model_deployment_notes).
 */
export interface ModelDraft {
  name: string;
  content: string;
  translation: string | null;
  baseKey: string | null;
  updatedAt: Date;
}

export interface DeploymentNote {
  deploymentId: string;
  note: string;
  deployedBy: string;
  deployedAt: Date;
}

type DraftRow = {
  name: string;
  content: string;
  translation: string | null;
  base_key: string | null;
  updated_at: Date;
};
const draft = (r: DraftRow): ModelDraft => ({
  name: r.name,
  content: r.content,
  translation: r.translation,
  baseKey: r.base_key,
  updatedAt: r.updated_at,
});

export class ModelDraftsStore {
  constructor(private readonly db: Queryable) {}

  /** The owner's drafts, newest first, without their content. */
  async list(owner: string): Promise<Omit<ModelDraft, 'content' | 'translation'>[]> {
    const { rows } = await this.db.query<Omit<DraftRow, 'content' | 'translation'>>(
      `select name, base_key, updated_at from read_model.model_drafts
       where owner = $1 order by updated_at desc`,
      [owner],
    );
    return rows.map((r) => ({ name: r.name, baseKey: r.base_key, updatedAt: r.updated_at }));
  }

  async get(owner: string, name: string): Promise<ModelDraft | undefined> {
    const { rows } = await this.db.query<DraftRow>(
      `select name, content, translation, base_key, updated_at from read_model.model_drafts
       where owner = $1 and name = $2`,
      [owner, name],
    );
    return rows[0] && draft(rows[0]);
  }

  async save(
    owner: string,
    d: { name: string; content: string; translation: string | null; baseKey: string | null },
  ): Promise<ModelDraft> {
    const { rows } = await this.db.query<DraftRow>(
      `insert into read_model.model_drafts (owner, name, content, translation, base_key)
       values ($1, $2, $3, $4, $5)
       on conflict (owner, name) do update
         set content = excluded.content, translation = excluded.translation,
             base_key = excluded.base_key, updated_at = now()
       returning name, content, translation, base_key, updated_at`,
      [owner, d.name, d.content, d.translation, d.baseKey],
    );
    return draft(rows[0]!);
  }

  /** True when there was a draft to remove. */
  async remove(owner: string, name: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'delete from read_model.model_drafts where owner = $1 and name = $2',
      [owner, name],
    );
    return (rowCount ?? 0) > 0;
  }

  async recordNote(n: Omit<DeploymentNote, 'deployedAt'>): Promise<void> {
    await this.db.query(
      `insert into read_model.model_deployment_notes (deployment_id, note, deployed_by)
       values ($1, $2, $3) on conflict (deployment_id) do nothing`,
      [n.deploymentId, n.note, n.deployedBy],
    );
  }

  /** The notes of these deployments, by deployment id (deployments without one are absent). */
  async notes(deploymentIds: string[]): Promise<Map<string, DeploymentNote>> {
    if (deploymentIds.length === 0) return new Map();
    const { rows } = await this.db.query<{
      deployment_id: string;
      note: string;
      deployed_by: string;
      deployed_at: Date;
    }>(
      `select deployment_id, note, deployed_by, deployed_at from read_model.model_deployment_notes
       where deployment_id = any($1::text[])`,
      [deploymentIds],
    );
    return new Map(
      rows.map((r) => [
        r.deployment_id,
        {
          deploymentId: r.deployment_id,
          note: r.note,
          deployedBy: r.deployed_by,
          deployedAt: r.deployed_at,
        },
      ]),
    );
  }
}
