import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Lab, isLocal, openLab } from './lab';

/**
 * Opens the lab before the enclosing describe's tests and closes it after them. The Lab returned
 * stands for the one opened, so the tests read `lab.page(…)` as before; `opened` runs right after the
 * opening (to watch the context from the start).
 */
export function useLab(opened?: (lab: Lab) => void): Lab {
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await openLab();
    opened?.(lab);
  }, 180_000);
  afterAll(async () => {
    await lab?.close();
  });
  const current = (): Lab => {
    if (!lab) throw new Error('the lab is not open: use it inside a test');
    return lab;
  };
  return {
    get url() {
      return current().url;
    },
    get unisolatedUrl() {
      return current().unisolatedUrl;
    },
    get context() {
      return current().context;
    },
    get requests() {
      return current().requests;
    },
    get errors() {
      return current().errors;
    },
    page: (path, viewport) => current().page(path, viewport),
    close: () => current().close(),
  };
}

/** Nothing the pages asked for left the machine, and nothing logged an error. */
export function expectStayedLocal(lab: Lab): void {
  expect(lab.requests.filter((u) => !isLocal(u))).toEqual([]);
  expect(lab.errors).toEqual([]);
}

/** Clicks a download button and reads the file Chromium saved: its suggested name and its bytes. */
export async function downloaded(page: Page, button: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(await d.path())) };
}

/** The file panel's two safetensors download buttons, with the dtype each writes. */
export const SAFETENSORS_BUTTONS = [
  ['#download-st-f64', 'F64'],
  ['#download-st-f32', 'F32'],
] as const;
