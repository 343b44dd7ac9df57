/**
 * Cross-origin isolation: with these two headers on every response (the page, its scripts and its
 * workers) the browser sets `crossOriginIsolated` and offers SharedArrayBuffer, which the float32
 * kernels need to run on two threads. Everything the lab loads is its own origin, so nothing is
 * blocked by them.
 */
export const ISOLATION: Record<string, string> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};
