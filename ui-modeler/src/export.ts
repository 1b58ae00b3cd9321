import { saveBlob } from '../../ui-shared/download.js';
import { unifiedDiff } from './patch.js';
import { xmlLike } from './xml-like.js';

/**
 * Models out of the browser, towards review: the edited file itself, or a patch against the
 * repository (`git apply` in a checkout puts it into `processes/` or `forms/`).
 */
export function saveFile(name: string, text: string, type: string): void {
  saveBlob(name, new Blob([text], { type }));
}

/** A model as the repository has it, with a form's English texts. */
export interface RepositoryFile {
  path: string;
  content: string;
  translation: { path: string; content: string | null } | null;
}

/** The patch from the repository's files to the edited ones ('' when nothing changed). */
export function patchAgainst(
  repository: RepositoryFile,
  content: string,
  translation: string | null,
): string {
  // Written the way the repository's file is: JSON in its order of keys, XML in its layout.
  const json = (before: string, after: string) =>
    isJson(before)
      ? jsonLike(before, after)
      : before.trimStart().startsWith('<')
        ? xmlLike(before, after)
        : after;
  const english =
    repository.translation?.content && translation !== null
      ? unifiedDiff(
          repository.translation.path,
          repository.translation.content,
          json(repository.translation.content, translation),
        )
      : '';
  return (
    unifiedDiff(repository.path, repository.content, json(repository.content, content)) + english
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Edited JSON (a form, its English texts) written the way the repository's file is: the same
 * text when nothing changed, otherwise with the file's order of keys and its final newline, so
 * the patch shows what changed and not how the editor orders things.
 */
export function jsonLike(repository: string, edited: string): string {
  const before: unknown = JSON.parse(repository);
  const after: unknown = JSON.parse(edited);
  if (JSON.stringify(ordered(after, before)) === JSON.stringify(before)) return repository;
  const newline = repository.endsWith('\n') ? '\n' : '';
  return `${JSON.stringify(ordered(after, before), null, 2)}${newline}`;
}

/** `value` with its object keys in the order `like` has them (new keys after). */
function ordered(value: unknown, like: unknown): unknown {
  if (Array.isArray(value)) {
    const others = Array.isArray(like) ? like : [];
    return value.map((v, i) => {
      const id = (v as { id?: unknown } | null)?.id;
      const match =
        id === undefined ? others[i] : others.find((o) => (o as { id?: unknown })?.id === id);
      return ordered(v, match);
    });
  }
  if (value === null || typeof value !== 'object') return value;
  const template = like !== null && typeof like === 'object' && !Array.isArray(like) ? like : {};
  const object = value as Record<string, unknown>;
  const keys = [...Object.keys(template), ...Object.keys(object)].filter(
    (k, i, all) => all.indexOf(k) === i && k in object,
  );
  return Object.fromEntries(
    keys.map((k) => [k, ordered(object[k], (template as Record<string, unknown>)[k])]),
  );
}
