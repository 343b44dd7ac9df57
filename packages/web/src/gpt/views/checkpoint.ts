import { h, panel } from '../../dom';
import type { GptWords } from '../words';

/**
 * A checkpoint (or a GPT experiment) from a file: the file goes to the worker, which reads and checks
 * it there (a checkpoint of the large model is tens of megabytes of JSON: parsing it here would hold
 * the page). A file that cannot be used leaves everything as it was and says why, here.
 */
export function checkpointView(w: GptWords, a: { open(file: File): void }, hint?: string) {
  const input = h('input', {
    type: 'file',
    id: 'gpt-checkpoint',
    accept: '.json,.safetensors,application/json',
  });
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) a.open(f);
    input.value = '';
  });
  const message = h('p', { class: 'notice', id: 'gpt-checkpoint-message', role: 'status' });
  const el = panel(
    'gpt-checkpoint-panel',
    w.checkpointTitle,
    h('p', { class: 'caption', id: 'gpt-checkpoint-help' }, w.checkpointHelp),
    h('label', { class: 'field', for: 'gpt-checkpoint' }, h('span', {}, w.openCheckpoint), input),
    hint ? h('p', { class: 'caption' }, hint) : null,
    message,
  );

  function say(text: string, error: boolean): void {
    message.textContent = text;
    message.classList.toggle('error', error);
  }

  return { el, say };
}
