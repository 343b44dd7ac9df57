import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.0–2.2 A/AA violations on the page as it is now, one line each, naming at most
 * `nodes` of the elements at fault.
 */
export async function violations(page: Page, nodes = Infinity): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = await page.evaluate(() =>
    (
      window as unknown as {
        axe: {
          run(
            c: Document,
            o: object,
          ): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe
      .run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        resultTypes: ['violations'],
      })
      .then((r) => r.violations),
  );
  return found.map(
    (v) =>
      `${v.id}: ${v.nodes
        .slice(0, nodes)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}
