import { unifiedDiff } from './patch.js';

/**
 * Models out of the browser, towards review: the edited file itself, or a patch against the
 * repository (`git apply` in a checkout puts it into `processes/` or `forms/`).
 */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
  const english =
    repository.translation && translation !== null
      ? unifiedDiff(repository.translation.path, repository.translation.content ?? '', translation)
      : '';
  return unifiedDiff(repository.path, repository.content, content) + english;
}
