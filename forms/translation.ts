/**
 * A form's texts in another language, without Node: the gateway puts them into the form for the
 * tasklist (`forms.ts`), and the modeler edits them (it shows the form with the English texts,
 * then takes them out again as `forms/<id>.en.json`, the German texts kept in the form).
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

/**
 * The translation a localised form holds: each component's texts (those the German form has)
 * and its options' labels, by component id.
 */
export function translationOf(
  formId: string,
  language: FormLanguage,
  localised: FormSchema,
  previous?: FormTranslation,
): FormTranslation {
  const components: Record<string, ComponentTranslation> = {};
  for (const c of allComponents(localised.components)) {
    // The previous file's order of keys is kept (a smaller diff in review).
    const keys = [
      ...Object.keys(previous?.components[c.id] ?? {}),
      ...TRANSLATED_PROPERTIES,
      'values',
    ].filter((k, i, all) => all.indexOf(k) === i);
    const texts: ComponentTranslation = {};
    for (const k of keys) {
      if (k === 'values') {
        if (c.values?.length)
          texts.values = Object.fromEntries(c.values.map((v) => [v.value, v.label]));
        continue;
      }
      const p = TRANSLATED_PROPERTIES.find((x) => x === k);
      const value = p && c[p];
      if (p && typeof value === 'string' && value !== '') texts[p] = value;
    }
    if (Object.keys(texts).length > 0) components[c.id] = texts;
  }
  return { form: formId, language, components };
}

/**
 * The form as edited in another language, with the German texts back in: the structure (fields,
 * order, rules) is the edited one; each component the German form had keeps its German texts,
 * a new one keeps the text it was given.
 */
export function withTextsOf(edited: FormSchema, german: FormSchema): FormSchema {
  const copy = structuredClone(edited);
  const byId = new Map(allComponents(german.components).map((c) => [c.id, c]));
  for (const c of allComponents(copy.components)) {
    const g = byId.get(c.id);
    if (!g) continue;
    for (const p of TRANSLATED_PROPERTIES) if (g[p] !== undefined) c[p] = g[p];
    if (c.values && g.values)
      c.values = c.values.map((v) => ({
        ...v,
        label: g.values?.find((x) => x.value === v.value)?.label ?? v.label,
      }));
  }
  return copy;
}
