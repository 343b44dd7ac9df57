import { h, panel } from '../dom';
import type { Locale } from '../state';
import { fileWords } from './words';

export type ModelFormat = { format: 'safetensors'; dtype: 'F64' | 'F32' } | { format: 'onnx' };

/**
 * The model out as a file: safetensors in float64 or float32, and ONNX when the build has it. The
 * bytes are made where the model is (the worker) and saved through a blob URL: nothing leaves the machine.
 */
export function filesView(locale: Locale, a: { download(f: ModelFormat): void; onnx: boolean }) {
  const w = fileWords(locale);
  const button = (id: string, label: string, f: ModelFormat, enabled = true) => {
    const b = h('button', { type: 'button', id, class: 'btn small', disabled: !enabled }, label);
    b.addEventListener('click', () => a.download(f));
    return b;
  };
  const message = h('p', { class: 'notice', id: 'model-file-message', role: 'status' });
  const buttons = [
    button('download-st-f64', w.downloadSt('F64'), { format: 'safetensors', dtype: 'F64' }),
    button('download-st-f32', w.downloadSt('F32'), { format: 'safetensors', dtype: 'F32' }),
    button('download-onnx', w.downloadOnnx, { format: 'onnx' }, a.onnx),
  ];
  const el = panel(
    'model-file-panel',
    w.filesTitle,
    h('p', { class: 'caption' }, w.filesHelp),
    h('div', { class: 'file-actions' }, ...buttons),
    a.onnx ? null : h('p', { class: 'caption' }, w.noOnnx),
    message,
  );

  return {
    el,
    /** Buttons wait while there is no model (a run loading). */
    ready(on: boolean): void {
      buttons.forEach((b, i) => (b.disabled = !on || (i === 2 && !a.onnx)));
    },
    say(text: string, error = false): void {
      message.textContent = text;
      message.classList.toggle('error', error);
    },
  };
}

/** Files dropped on the element are opened as if picked (the first one); the element shows the hover. */
export function dropZone(el: HTMLElement, open: (f: File) => void): void {
  const has = (e: DragEvent): boolean => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  el.addEventListener('dragover', (e) => {
    if (!has(e)) return;
    e.preventDefault();
    e.dataTransfer!.dropEffect = 'copy';
    el.classList.add('drop-over');
  });
  el.addEventListener('dragleave', () => el.classList.remove('drop-over'));
  el.addEventListener('drop', (e) => {
    el.classList.remove('drop-over');
    const f = e.dataTransfer?.files?.[0];
    if (!f) return;
    e.preventDefault();
    open(f);
  });
}
