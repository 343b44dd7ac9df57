import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import type { ExportOptions, TrainedModel } from './export-model';

/** `unha export … --pytorch dir/` (owned by the pytorch helper; this stub only says it is not there yet). */
export function exportPytorch(m: TrainedModel, dir: string, locale: Locale, o: ExportOptions): void {
  void m;
  void o;
  throw new UserError([
    locale === 'pt-BR'
      ? `${dir}: a exportação para PyTorch ainda não existe.`
      : `${dir}: PyTorch export is not there yet.`,
  ]);
}
