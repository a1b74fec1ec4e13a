// Whether everything a person can touch fits inside its card at phone widths: a page that does not scroll sideways
// can still have a field sticking out of its card (the page's own check sees only the scroll width). Reusable by
// any page's test: `await expectFit(page, 'my-test', 'my-page')` measures at 320 and 375 px, keeps a screenshot at
// 320 px (`test-results/screenshots/<test>/<name>-320.png`) and fails naming each field that sticks out.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './harness';

export const PHONE_WIDTHS = [320, 375] as const;

/** What counts as a field, and what counts as its container (the nearest of these, else the screen). */
const FIELDS = 'input:not([type=hidden]), textarea, select, button, a.btn-primary, a.btn-secondary, a.btn-ghost, [contenteditable="true"], [role="textbox"], [role="combobox"]';
const CONTAINERS = '.card, [role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"], [data-fit-container]';

export interface Misfit {
  field: string;
  container: string;
  /** How far the field goes past its container's left and right inner edges (px, positive = outside). */
  left: number;
  right: number;
}

/** Every visible field that sticks out of its container (inner edges, borders excluded) or off the screen. */
export async function misfits(page: Page): Promise<Misfit[]> {
  return page.evaluate(
    ({ fields, containers }) => {
      const describe = (el: Element) => {
        const label = el.getAttribute('aria-label') ?? el.getAttribute('name') ?? el.id ?? '';
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        const cls = typeof el.className === 'string' ? el.className.split(/\s+/).slice(0, 3).join('.') : '';
        return `<${el.tagName.toLowerCase()}${cls ? ` .${cls}` : ''}${label ? ` "${label}"` : ''}${text ? ` «${text}»` : ''}>`;
      };
      const visible = (el: Element) => {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') return false;
        const r = el.getBoundingClientRect();
        // Screen-reader-only text and collapsed things have no box a person sees.
        return r.width > 2 && r.height > 2 && !el.closest('.sr-only, [aria-hidden="true"], [hidden]');
      };
      const out: { field: string; container: string; left: number; right: number }[] = [];
      for (const el of document.querySelectorAll(fields)) {
        if (!visible(el)) continue;
        const box = el.getBoundingClientRect();
        // An element inside a part that scrolls sideways on purpose is measured against that part.
        let container: Element | null = el.parentElement?.closest(containers) ?? null;
        for (let p = el.parentElement; p && p !== container; p = p.parentElement) {
          if (/(auto|scroll)/.test(getComputedStyle(p).overflowX)) {
            container = p;
            break;
          }
        }
        let inner: { left: number; right: number };
        if (container) {
          const c = container.getBoundingClientRect();
          const s = getComputedStyle(container);
          inner = { left: c.left + parseFloat(s.borderLeftWidth), right: c.right - parseFloat(s.borderRightWidth) };
        } else {
          inner = { left: 0, right: document.documentElement.clientWidth };
        }
        const left = Math.round(inner.left - box.left);
        const right = Math.round(box.right - inner.right);
        // Half a pixel of rounding is no misfit.
        if (left > 0.5 || right > 0.5) out.push({ field: describe(el), container: container ? describe(container).slice(0, 80) : 'the screen', left, right });
      }
      return out;
    },
    { fields: FIELDS, containers: CONTAINERS }
  );
}

/**
 * Measures the page at 320 and 375 px (and leaves it at `restoreWidth`); throws listing every misfit and any
 * sideways scroll. Screenshots the whole page at 320 px.
 */
export async function expectFit(page: Page, test: string, name: string, restoreWidth = 1280): Promise<void> {
  const dir = join(SCREENSHOT_DIR, test);
  mkdirSync(dir, { recursive: true });
  const problems: string[] = [];
  for (const width of PHONE_WIDTHS) {
    await page.setViewportSize({ width, height: 720 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (width === 320) await page.screenshot({ path: join(dir, `${name}-320.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${name} at ${width}px scrolls sideways by ${overflow}px`);
    for (const m of await misfits(page)) {
      problems.push(`${name} at ${width}px: ${m.field} sticks out of ${m.container} (left ${m.left}px, right ${m.right}px)`);
    }
  }
  await page.setViewportSize({ width: restoreWidth, height: 800 });
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
