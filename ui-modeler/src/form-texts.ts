import {
  localiseForm,
  translationOf,
  withTextsOf,
  type FormSchema,
  type FormTranslation,
} from '../../forms/translation.js';
import { formEditor, type ModelEditor } from './editors.js';

/**
 * The form editor in both of a form's languages. A form is written in German
 * (`forms/<id>.form`); its English texts are a file beside it (`forms/<id>.en.json`). Switched
 * to English, the editor shows the form with the English texts; what is typed there becomes
 * the English file, and the German form keeps its texts (a field added in English is added
 * to the form). The engine gets the German form; the English texts reach the tasklist through
 * the repository (the patch export).
 */
export type TextLanguage = 'de' | 'en';

export interface BilingualFormEditor extends ModelEditor {
  /** Opens the German form, with other English texts when given (a draft's). */
  open(json: string, translationJson?: string | null): Promise<void>;
  readonly textLanguage: TextLanguage;
  setTextLanguage(language: TextLanguage): Promise<void>;
  /** The English texts as `forms/<id>.en.json` holds them (null when the form has none). */
  translation(): Promise<string | null>;
}

export function bilingualFormEditor(
  canvas: HTMLElement,
  translationJson: string | null,
): BilingualFormEditor {
  const inner = formEditor(canvas);
  let german: FormSchema | undefined;
  let english: FormTranslation | null = translationJson
    ? (JSON.parse(translationJson) as FormTranslation)
    : null;
  let language: TextLanguage = 'de';

  /** Takes what the editor shows into the German form or the English texts. */
  async function sync(): Promise<void> {
    const shown = JSON.parse(await inner.content()) as FormSchema;
    if (language === 'de' || !german) german = shown;
    else {
      english = translationOf(german.id, 'en', shown, english ?? undefined);
      german = withTextsOf(shown, german);
    }
  }

  return {
    ...inner,
    get textLanguage() {
      return language;
    },
    async open(json, translationJson) {
      if (translationJson) english = JSON.parse(translationJson) as FormTranslation;
      german = JSON.parse(json) as FormSchema;
      language = 'de';
      await inner.open(json);
    },
    async content() {
      await sync();
      return JSON.stringify(german, null, 2);
    },
    async setTextLanguage(next) {
      if (next === language || !german) return;
      await sync();
      language = next;
      const shown = next === 'de' ? german : localiseForm(german, english ?? undefined);
      await inner.open(JSON.stringify(shown));
    },
    async translation() {
      await sync();
      return english ? `${JSON.stringify(english, null, 2)}\n` : null;
    },
  };
}
