import { DE } from './translate-de.js';

/**
 * The `translate` service of bpmn-js, diagram-js, the properties panel and dmn-js, in the
 * modeler's language. Their contract (diagram-js `lib/i18n/translate`): a function
 * `translate(template, replacements)` registered as the value `translate`; the libraries pass
 * their English template and fill `{name}` placeholders from `replacements`. Overriding the
 * module swaps the texts; English stays as the libraries wrote it.
 */
export type TranslateLanguage = 'de' | 'en';

let language: () => TranslateLanguage = () => 'en';

/** main.ts tells the editors which language the session has. */
export function setEditorLanguage(get: () => TranslateLanguage): void {
  language = get;
}

export function editorLanguage(): TranslateLanguage {
  return language();
}

export function translate(template: string, replacements: Record<string, unknown> = {}): string {
  const text = language() === 'de' ? (DE[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (whole, key: string) =>
    replacements[key] === undefined ? whole : String(replacements[key]),
  );
}

/** The module to put into `additionalModules` (it replaces the libraries' own `translate`). */
export const translateModule = { translate: ['value', translate] };
