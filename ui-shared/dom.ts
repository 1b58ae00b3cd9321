/** A small, explicit way to build DOM: el('button', { onclick }, 'Text'). No framework. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

export function clear(node: Element, ...children: (Child | Child[])[]): void {
  node.replaceChildren();
  for (const child of children.flat())
    if (child !== null && child !== undefined && child !== false)
      node.append(typeof child === 'object' ? child : String(child));
}

/** Dates as people read them, in the chosen language. */
export function formatDate(
  iso: string | null | undefined,
  language: string,
  withTime = true,
): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Europe/Berlin',
  });
}

/** A value of the case file as text (objects as "key: value" lines). */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (Array.isArray(value)) return value.map(describe).join(', ');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${describe(v)}`)
      .join('; ');
  return String(value);
}
