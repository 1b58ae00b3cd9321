import { Api, type Language } from './api.js';
import { el } from './dom.js';

/**
 * Who is signed in, per browser tab (sessionStorage: closing the tab signs out). Locally the
 * development issuer's demo users sign in with one click (GET /dev/users); in a deployment
 * the platform's identity provider would hand the token over instead.
 */
export interface Principal {
  subject: string;
  role: string;
  authority?: string;
  organisation?: string;
}

interface DemoUser {
  name: string;
  description: string;
  role: string;
  authority: string | null;
}

export class Session {
  private readonly key: string;

  constructor(app: string) {
    this.key = `wsa.${app}`;
  }

  get token(): string | null {
    return this.stored()?.token ?? null;
  }

  get principal(): Principal | null {
    return this.stored()?.principal ?? null;
  }

  get language(): Language {
    const l = sessionStorage.getItem(`${this.key}.language`) ?? navigator.language.slice(0, 2);
    return l === 'en' ? 'en' : 'de';
  }

  set language(l: Language) {
    sessionStorage.setItem(`${this.key}.language`, l);
    document.documentElement.lang = l;
  }

  signOut(): void {
    sessionStorage.removeItem(this.key);
  }

  private stored(): { token: string; principal: Principal } | null {
    const raw = sessionStorage.getItem(this.key);
    return raw ? (JSON.parse(raw) as { token: string; principal: Principal }) : null;
  }

  /**
   * Every app's entry: the page language, then the app (`show`) if someone is signed in, or
   * the sign-in page for the app's roles, which shows the app after signing in.
   */
  start(
    root: HTMLElement,
    roles: string[],
    texts: () => { signInTitle: string; signInIntro: string; signInUnavailable: string },
    show: () => void,
  ): void {
    document.documentElement.lang = this.language;
    if (this.token) return show();
    const t = texts();
    void this.signInPage(
      root,
      roles,
      { title: t.signInTitle, intro: t.signInIntro, unavailable: t.signInUnavailable },
      () => this.start(root, roles, texts, show),
    );
  }

  /** The sign-in page: the demo users of the given roles, one button each. */
  async signInPage(
    root: HTMLElement,
    roles: string[],
    texts: { title: string; intro: string; unavailable: string },
    onSignedIn: () => void,
  ): Promise<void> {
    const api = new Api(
      () => null,
      () => this.language,
    );
    root.replaceChildren(
      el('main', { class: 'sign-in' }, el('h1', {}, texts.title), el('p', {}, texts.intro)),
    );
    const main = root.querySelector('main')!;
    let users: DemoUser[];
    try {
      users = (await api.get<{ users: DemoUser[] }>('/dev/users')).users.filter((u) =>
        roles.includes(u.role),
      );
    } catch {
      main.append(el('p', { class: 'error', role: 'alert' }, texts.unavailable));
      return;
    }
    const list = el('ul', { class: 'users' });
    for (const u of users)
      list.append(
        el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              'data-user': u.name,
              onclick: async () => {
                const r = await api.post<{ token: string; principal: Principal }>('/dev/sign-in', {
                  user: u.name,
                });
                sessionStorage.setItem(this.key, JSON.stringify(r));
                onSignedIn();
              },
            },
            el('strong', {}, u.name),
            el('span', {}, u.description),
          ),
        ),
      );
    main.append(list);
    list.querySelector('button')?.focus();
  }
}
