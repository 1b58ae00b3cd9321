import { el } from '../../ui-shared/dom.js';

/**
 * A modal question as a native `<dialog>` (focus kept inside, Escape cancels, the opener gets
 * focus back): what the modeler asks before it would lose or overwrite work. Resolves with the
 * chosen button's value, or `null` when cancelled; with a `note` field, the value is only
 * given once the note has text.
 */
export interface Choice<T extends string> {
  value: T;
  label: string;
  primary?: boolean;
}

export function ask<T extends string>(options: {
  id: string;
  title: string;
  body: (HTMLElement | string)[];
  choices: Choice<T>[];
  cancel: string;
  /** A required text field (the change note): its label and hint. */
  note?: { label: string; hint: string; required: string };
}): Promise<{ choice: T; note: string } | null> {
  const opener = document.activeElement as HTMLElement | null;
  const titleId = `${options.id}-title`;
  const noteField = options.note
    ? el('input', {
        type: 'text',
        id: `${options.id}-note`,
        name: 'note',
        maxlength: '500',
        'aria-describedby': `${options.id}-hint`,
        autocomplete: 'off',
      })
    : null;
  const noteError = el('p', { class: 'error', role: 'alert', id: `${options.id}-error` });
  const dialog = el(
    'dialog',
    { id: options.id, class: 'ask', 'aria-labelledby': titleId },
    el('h2', { id: titleId }, options.title),
    options.body.map((b) => (typeof b === 'string' ? el('p', {}, b) : b)),
    options.note && noteField
      ? el(
          'p',
          { class: 'note-field' },
          el('label', { for: noteField.id }, options.note.label),
          noteField,
          el('span', { class: 'muted', id: `${options.id}-hint` }, options.note.hint),
          noteError,
        )
      : null,
  );
  return new Promise((resolve) => {
    const close = (result: { choice: T; note: string } | null) => {
      dialog.close();
      dialog.remove();
      opener?.focus();
      resolve(result);
    };
    dialog.append(
      el(
        'p',
        { class: 'actions' },
        options.choices.map((c) =>
          el(
            'button',
            {
              type: 'button',
              class: c.primary ? 'primary' : '',
              'data-choice': c.value,
              onclick: () => {
                const note = noteField?.value.trim() ?? '';
                if (options.note && noteField && note === '') {
                  noteError.textContent = options.note.required;
                  noteField.setAttribute('aria-invalid', 'true');
                  noteField.focus();
                  return;
                }
                close({ choice: c.value, note });
              },
            },
            c.label,
          ),
        ),
        el(
          'button',
          { type: 'button', 'data-choice': 'cancel', onclick: () => close(null) },
          options.cancel,
        ),
      ),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    (noteField ?? dialog.querySelector<HTMLElement>('button.primary'))?.focus();
  });
}
