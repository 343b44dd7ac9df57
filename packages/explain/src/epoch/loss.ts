import { need } from '@unha/engine';
import type { ExplainLine, ExplainSection } from '../doc';
import { add, frac, mul, num, pow, sub, sum, sym } from '../math';
import { type EpochContext, L } from './context';

/** The loss: each error ŷ − y, their mean square, and the L2 penalty when there is one. */
export function lossSection(ctx: EpochContext): ExplainSection {
  const { m, nt, N, K, at, reader, exp } = ctx;
  const yhat = need(reader.output(), 'ŷ');
  const y = need(reader.y(), 'y');
  const err = need(reader.err(), 'err');
  const lossLines: ExplainLine[] = [{ text: m.error, note: true }];
  for (const n of ctx.examples.shown) {
    for (let k = 0; k < K; k++) {
      const e = N > 1 ? sym('e', undefined, [n + 1]) : nt.e(k);
      const yh = N > 1 ? sym('ŷ', undefined, [n + 1]) : nt.yhat(k);
      const yy = N > 1 ? sym('y', undefined, [n + 1]) : nt.y(k);
      lossLines.push({
        chain: [e, sub(yh, yy), sub(num(at(yhat, n, k)), num(at(y, n, k))), num(at(err, n, k))],
      });
    }
  }
  lossLines.push(...ctx.moreExamples());
  const count = N * K;
  const mse = need(reader.dataLoss(), 'mse');
  lossLines.push({ text: m.mse(count), note: true });
  const errSyms = Array.from({ length: Math.min(count, 6) }, (_, i) =>
    pow(count > 1 ? sym('e', undefined, [i + 1]) : sym('e'), 2),
  );
  const errNums = Array.from({ length: Math.min(count, 6) }, (_, i) => pow(num(err.value[i]), 2));
  const mseName = reader.l2() ? sym('MSE') : L;
  if (count === 1) lossLines.push({ chain: [mseName, errSyms[0], errNums[0], num(mse.value[0])] });
  else if (count <= 6)
    lossLines.push({
      chain: [
        mseName,
        frac(add(...errSyms), num(count)),
        frac(add(...errNums), num(count)),
        num(mse.value[0]),
      ],
    });
  else
    lossLines.push({
      chain: [
        mseName,
        mul(frac(num(1), num(count)), sum('n', pow(sym('e', undefined, []), 2))),
        num(mse.value[0]),
      ],
    });
  const l2 = reader.l2();
  if (l2 && exp.l2 !== undefined) {
    const sumW = need(reader.l2Sum(), 'ΣW²');
    lossLines.push({ text: m.l2, note: true });
    lossLines.push({
      chain: [
        sym('L2'),
        mul(sym('λ'), sum('', pow(sym('W'), 2))),
        mul(num(exp.l2), num(sumW.value[0])),
        num(l2.value[0]),
      ],
    });
    lossLines.push({ text: m.totalLoss, note: true });
    lossLines.push({
      chain: [
        L,
        add(sym('MSE'), sym('L2')),
        add(num(mse.value[0]), num(l2.value[0])),
        num(need(reader.loss(), 'loss').value[0]),
      ],
    });
  }
  return { id: 'loss', title: m.loss, lines: lossLines };
}
