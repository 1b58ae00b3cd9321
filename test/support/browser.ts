import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT_DIR } from '../../scripts/stack/versions.js';

/**
 * Browser tests drive Debian's chromium (installed by scripts/install.sh) with
 * playwright-core: no browser download. Screenshots are test artifacts under
 * test-artifacts/screenshots/ (not committed; CI keeps the folder).
 */
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-artifacts', 'screenshots');

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // The test machine runs as root in a container: chromium's sandbox needs user namespaces.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails the test on any error the page logs or throws (a broken app must not pass). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    // A refused request is logged by the browser too; the app shows those itself.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text()))
      errors.push(msg.text());
  });
  return errors;
}

/** WCAG 2.1 A and AA: what BITV 2.0 asks of German public bodies. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_SOURCE = (): string =>
  readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core (injected from node_modules) on the page as it is now and fails with a readable
 * list of every serious or critical WCAG 2.1 AA violation; then walks the view with Tab
 * (`expectFocusVisibleThroughout`: every control shows its focus; nothing focused after). `exclude` takes selectors of
 * third-party widgets we cannot fix; give each one a reason at the call.
 */
export async function expectAccessible(
  page: Page,
  view: string,
  exclude: string[] = [],
): Promise<void> {
  // Evaluated, not added as a <script>: the apps' Content-Security-Policy refuses inline scripts.
  if (!(await page.evaluate('typeof window.axe !== "undefined"')))
    await page.evaluate(AXE_SOURCE());
  const violations = (await page.evaluate(
    `axe.run({ exclude: ${JSON.stringify(exclude.map((s) => [s]))} }, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_21_AA)} }, resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length === 0) return expectFocusVisibleThroughout(page, view);
  const report = serious
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target.map((t) => JSON.stringify(t)).join(' ')}`).join('\n'),
    )
    .join('\n');
  throw new Error(
    `accessibility of ${view}: ${serious.length} serious or critical violation(s)\n${report}`,
  );
}

/**
 * Moves the focus with the keyboard (Tab) and fails unless the focused element shows a focus
 * outline; screenshots it as `<name>.png` to look at.
 */
export async function expectVisibleFocus(page: Page, name: string, presses = 1): Promise<void> {
  for (let i = 0; i < presses; i++) await page.keyboard.press('Tab');
  // Past the last control the focus leaves the page: the next Tab comes back to the first.
  if (await page.evaluate('document.activeElement === document.body || !document.hasFocus()'))
    await page.keyboard.press('Tab');
  const focus = (await page.evaluate(`(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    return { tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  })()`)) as { tag: string; text: string; style: string; width: number } | null;
  expect(focus, `${name}: Tab focuses an element`).to.not.equal(null);
  expect(
    focus!.style !== 'none' && focus!.width >= 2,
    `${name}: focus outline on ${focus!.tag} "${focus!.text}" (${focus!.style} ${focus!.width}px)`,
  ).to.equal(true);
  await screenshot(page, name);
}

/** Where the focus is, as a short CSS-like path, and whether it shows a ring. */
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const path = [];
  for (let n = e; n && path.length < 4; n = n.parentElement) {
    const cls = typeof n.className === 'string' && n.className.trim() ? '.' + n.className.trim().split(/\\s+/).join('.') : '';
    path.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : cls));
  }
  const s = getComputedStyle(e);
  const ring = s.outlineStyle === 'auto' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
  const name = (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 30);
  return { element: e, where: path.join(' > ') + ' "' + name + '"', ring };
})()`;

/**
 * Tabs through every control of the view, from the top until the focus comes round again,
 * and fails naming each one focused without a visible focus indicator (outline or ring).
 * Leaves nothing focused.
 */
export async function expectFocusVisibleThroughout(
  page: Page,
  view: string,
  maxStops = 300,
): Promise<void> {
  await page.evaluate('document.activeElement?.blur?.()');
  const invisible: string[] = [];
  let outside = 0;
  await page.evaluate('window.__focusSeen = new Set()');
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const focus = (await page.evaluate(`(() => {
      const f = ${FOCUSED};
      if (!f) return { skip: true };
      if (window.__focusSeen.has(f.element)) return { round: true };
      window.__focusSeen.add(f.element);
      return { where: f.where, ring: f.ring };
    })()`)) as { skip?: true; round?: true; where?: string; ring?: boolean };
    if (focus.round || (focus.skip && ++outside > 2)) break; // round, or nothing to focus
    if (!focus.skip) outside = 0;
    if (!focus.skip && !focus.ring) invisible.push(focus.where!);
  }
  await page.evaluate('document.activeElement?.blur?.(); delete window.__focusSeen');
  if (invisible.length > 0)
    throw new Error(
      `${view}: ${invisible.length} control(s) focused without a visible focus indicator\n  ${invisible.join('\n  ')}`,
    );
}
