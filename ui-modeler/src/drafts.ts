import { ApiError, type Api } from '../../ui-shared/api.js';
import type { Answer } from '../../ui-shared/api-types.js';

/**
 * The process owner's unsaved edits, kept on the server as a draft (one per owner and model):
 * saved a moment after each change, offered when the model is opened again, discarded after a
 * deploy. `dirty` says whether there are edits that are not deployed.
 */
export type Draft = Answer<'get-model-draft'>;

const SAVE_AFTER_MS = 800;
const draftPath = (name: string) => `/api/v1/models/drafts/${encodeURIComponent(name)}`;

/** The caller's draft of a model, or null. */
export async function findDraft(api: Api, name: string): Promise<Draft | null> {
  try {
    return await api.get<Draft>(draftPath(name));
  } catch (err) {
    if (err instanceof ApiError && err.problem.status === 404) return null;
    throw err;
  }
}

export class DraftKeeper {
  dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: Api,
    private readonly name: string,
    private readonly read: () => Promise<{ content: string; translation: string | null }>,
    private readonly baseKey: () => string | null,
    private readonly onSaved: (at: Date | null) => void,
    /** What the editor held when it was opened (or last deployed): no draft for that. */
    private lastKey: string,
  ) {}

  static key(r: { content: string; translation: string | null }): string {
    return `${r.content}\u0001${r.translation ?? ''}`;
  }

  /** The editor changed: save soon. */
  changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_AFTER_MS);
  }

  /** Saves now what is waiting to be saved, and waits for it. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.save();
    }
    await this.saving;
  }

  /** The editor holds an opened draft: it counts as edits. */
  opened(): void {
    this.dirty = true;
  }

  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const now = await this.read();
      const key = DraftKeeper.key(now);
      if (key === this.lastKey) return;
      try {
        await this.api.request('PUT', draftPath(this.name), {
          content: now.content,
          translation: now.translation,
          baseKey: this.baseKey(),
        });
        this.lastKey = key;
        this.dirty = true;
        this.onSaved(new Date());
      } catch {
        this.onSaved(null);
      }
    });
    return this.saving;
  }

  /** Drops the draft (after a deploy, or when the owner discards the edits). */
  async discard(current?: { content: string; translation: string | null }): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.saving;
    await this.api.request('DELETE', draftPath(this.name)).catch(() => undefined);
    this.dirty = false;
    if (current) this.lastKey = DraftKeeper.key(current);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
