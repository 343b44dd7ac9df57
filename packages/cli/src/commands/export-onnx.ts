import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import type { TrainedModel } from './export-model';

/** `unha export … --onnx out.onnx` (owned by the onnx helper; this stub only says it is not there yet). */
export function exportOnnx(m: TrainedModel, out: string, locale: Locale): void {
  void m;
  throw new UserError([
    locale === 'pt-BR'
      ? `${out}: a exportação ONNX ainda não existe.`
      : `${out}: ONNX export is not there yet.`,
  ]);
}
