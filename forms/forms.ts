import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FORMS_DIR } from '../processes/registry.js';
import {
  localiseForm,
  type FormLanguage,
  type FormSchema,
  type FormTranslation,
} from './translation.js';

export * from './translation.js';

/**
 * The forms of the user tasks and their translations. A form (`forms/<id>.form`) is written
 * in German, the language of the procedure and of the notices; `forms/<id>.en.json` gives the
 * English text of each component by component id. The engine gets the German form (it links
 * the task to it); the tasklist asks for the caller's language and gets the form with the
 * translated texts put in (`localiseForm`). The contract test checks every text has a
 * translation, so a new field without one fails the build instead of showing German.
 */
export function readForm(formId: string, dir = FORMS_DIR): FormSchema | undefined {
  const file = path.join(dir, `${formId}.form`);
  if (!/^[a-z0-9-]+$/.test(formId) || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as FormSchema;
}

export function readTranslation(
  formId: string,
  language: FormLanguage,
  dir = FORMS_DIR,
): FormTranslation | undefined {
  const file = path.join(dir, `${formId}.${language}.json`);
  if (!/^[a-z0-9-]+$/.test(formId) || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as FormTranslation;
}

/** The form a task links, in the caller's language (German when no translation exists). */
export function formFor(formId: string, language: FormLanguage): FormSchema | undefined {
  const form = readForm(formId);
  if (!form) return undefined;
  return language === 'de' ? form : localiseForm(form, readTranslation(formId, language));
}
