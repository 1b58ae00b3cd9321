import type { Language } from './api.js';
import { el } from './dom.js';
import type { Session } from './session.js';

/** The top bar every app shows: its title, who is signed in, the language switch, sign-out. */
export function appHeader(options: {
  title: string;
  who: string;
  session: Session;
  texts: { language: string; signOut: string };
  onLanguage: () => void;
  onSignOut: () => void;
}): HTMLElement {
  const { session } = options;
  const language = (l: Language) =>
    el(
      'button',
      {
        type: 'button',
        class: 'link',
        'aria-pressed': String(session.language === l),
        onclick: () => {
          session.language = l;
          options.onLanguage();
        },
      },
      l.toUpperCase(),
    );
  return el(
    'header',
    { class: 'top' },
    el('h1', {}, options.title),
    el('span', { class: 'who', 'data-testid': 'who' }, options.who),
    el('nav', { 'aria-label': options.texts.language }, language('de'), ' | ', language('en')),
    el(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: () => {
          session.signOut();
          options.onSignOut();
        },
      },
      options.texts.signOut,
    ),
  );
}
