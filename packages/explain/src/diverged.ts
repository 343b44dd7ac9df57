import type { Trace } from '@unha/engine';
import { type NumberFormat, formatNumber } from './format';

/**
 * A run that blew up is an outcome, not a crash: say which value exploded, when, why it happens and
 * what to try, in the reader's language.
 */
export function explainDivergence(trace: Trace, fmt: NumberFormat): string[] | undefined {
  const dv = trace.diverged;
  if (!dv) return undefined;
  const pt = fmt.locale === 'pt-BR';
  const f = (v: number): string => formatNumber(v, { ...fmt, decimals: Math.min(fmt.decimals, 4) });
  const what =
    dv.quantity === 'loss'
      ? pt
        ? `a perda chegou a ${f(dv.value)}${Number.isFinite(dv.firstLoss) ? ` (no primeiro passo era ${f(dv.firstLoss)})` : ''}`
        : `the loss reached ${f(dv.value)}${Number.isFinite(dv.firstLoss) ? ` (it was ${f(dv.firstLoss)} at the first step)` : ''}`
      : pt
        ? `o parâmetro ${dv.quantity}${dv.index !== undefined ? ` (valor nº ${dv.index + 1})` : ''} virou ${f(dv.value)}`
        : `parameter ${dv.quantity}${dv.index !== undefined ? ` (value #${dv.index + 1})` : ''} became ${f(dv.value)}`;
  const o = trace.experiment.optimizer;
  const lr = formatNumber(o.lr / 10, fmt);
  const tries = pt
    ? [
        `uma taxa de aprendizado menor (--lr ${lr}): passos menores não passam do vale;`,
        ...(trace.experiment.normalize
          ? []
          : [
              'normalizar as entradas (--normalize): (x − média) / desvio padrão deixa todas na mesma escala;',
            ]),
        ...(o.name === 'adam'
          ? []
          : ['o otimizador Adam (--optimizer adam): cada parâmetro anda no máximo cerca de LR por passo.']),
      ]
    : [
        `a smaller learning rate (--lr ${lr}): smaller steps do not jump across the valley;`,
        ...(trace.experiment.normalize
          ? []
          : [
              'normalizing the inputs (--normalize): (x − mean) / standard deviation puts them on one scale;',
            ]),
        ...(o.name === 'adam'
          ? []
          : ['the Adam optimizer (--optimizer adam): each parameter moves about LR per step at most.']),
      ];
  return pt
    ? [
        `O treino divergiu na época ${dv.epoch} (passo ${dv.step}): ${what}.`,
        'Isso não é um erro do programa: é o resultado do experimento. A cada passo o erro é multiplicado por um fator; quando a taxa de aprendizado é grande demais para a escala das entradas, esse fator passa de 1 em tamanho e o erro cresce em vez de diminuir, até estourar.',
        'Tente:',
        ...tries.map((t) => `  - ${t}`),
      ]
    : [
        `Training diverged at epoch ${dv.epoch} (step ${dv.step}): ${what}.`,
        'This is not a bug in the program: it is the outcome of the experiment. Each step multiplies the error by a factor; when the learning rate is too large for the scale of the inputs, that factor is larger than 1 in size and the error grows instead of shrinking, until it overflows.',
        'Try:',
        ...tries.map((t) => `  - ${t}`),
      ];
}
