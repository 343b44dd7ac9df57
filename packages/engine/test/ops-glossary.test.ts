/**
 * docs/ops.md is the op files' rules rendered (opGlossary over the registry): it must say what the
 * code does. Regenerate with `UPDATE_DOCS=1 npx vitest run packages/engine/test/ops-glossary.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { opGlossary, opRegistry } from '../src/ops/index';

const FILE = fileURLToPath(new URL('../../../docs/ops.md', import.meta.url));

test('docs/ops.md is the glossary of the ops as they are', () => {
  const text = opGlossary(Object.values(opRegistry));
  if (process.env.UPDATE_DOCS === '1') writeFileSync(FILE, text);
  expect(readFileSync(FILE, 'utf8'), 'docs/ops.md is stale: regenerate it (see the top of this test)').toBe(
    text,
  );
});

test('each op appears once, with its rules as written in its file', () => {
  const text = readFileSync(FILE, 'utf8');
  // By hand, from ops/mul.ts: the product rule.
  expect(text).toContain('| `mul` | primitive | `c = a · b` | `∂L/∂a = ∂L/∂c · b,  ∂L/∂b = ∂L/∂c · a` |');
  for (const name of Object.keys(opRegistry)) expect(text.split(`| \`${name}\` |`)).toHaveLength(2);
});
