/** Whether a parsed experiment is a GPT's (`model.type` "gpt"): its lab is the GPT lab. */
export function isGptRaw(raw: unknown): boolean {
  const m = (raw as { model?: { type?: unknown } } | null)?.model;
  return typeof m === 'object' && m !== null && m.type === 'gpt';
}
