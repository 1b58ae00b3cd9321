import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FORMS_DIR } from '../processes/registry.js';

/**
 * The forms of the user tasks and their translations. A form (`forms/<id>.form`) is written
 * in German, the language of the procedure and of the notices; `forms/<id>.en.json` gives the
 * English text of each component by component id. The engine gets the German form (it links
 * the task to it); the tasklist asks for the caller's language and gets the form with the
 * translated texts put in (`localiseForm`). The contract test checks every text has a
 * translation, so a new field without one fails the build instead of showing German.
 */
export type FormLanguage = 'de' | 'en';

export interface FormComponent {
  id: string;
  type: string;
  key?: string;
  path?: string;
  label?: string;
  text?: string;
  description?: string;
  dateLabel?: string;
  validate?: { required?: boolean; [rule: string]: unknown };
  values?: { label: string; value: string }[];
  components?: FormComponent[];
  [property: string]: unknown;
}

export interface FormSchema {
  id: string;
  type: string;
  schemaVersion: number;
  components: FormComponent[];
  [property: string]: unknown;
}

/** The English text of one component: each text property, and the label of each option. */
export interface ComponentTranslation {
  label?: string;
  text?: string;
  description?: string;
  dateLabel?: string;
  values?: Record<string, string>;
}

export interface FormTranslation {
  form: string;
  language: FormLanguage;
  components: Record<string, ComponentTranslation>;
}

/** The properties of a component that people read and that therefore need a translation. */
export const TRANSLATED_PROPERTIES = ['label', 'text', 'description', 'dateLabel'] as const;

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

/** Every component of a form, depth first (groups contain components). */
export function allComponents(components: FormComponent[]): FormComponent[] {
  return components.flatMap((c) => [c, ...allComponents(c.components ?? [])]);
}

/** The form with the translation's texts in place of the German ones (a copy). */
export function localiseForm(
  form: FormSchema,
  translation: FormTranslation | undefined,
): FormSchema {
  const copy = structuredClone(form);
  if (!translation) return copy;
  for (const c of allComponents(copy.components)) {
    const t = translation.components[c.id];
    if (!t) continue;
    for (const p of TRANSLATED_PROPERTIES) if (t[p] !== undefined) c[p] = t[p];
    if (c.values && t.values)
      c.values = c.values.map((v) => ({ ...v, label: t.values?.[v.value] ?? v.label }));
  }
  return copy;
}

/** The form a task links, in the caller's language (German when no translation exists). */
export function formFor(formId: string, language: FormLanguage): FormSchema | undefined {
  const form = readForm(formId);
  if (!form) return undefined;
  return language === 'de' ? form : localiseForm(form, readTranslation(formId, language));
}
