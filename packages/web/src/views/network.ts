import { formatNumber } from '@unha/explain';
import { h, panel, s } from '../dom';
import type { Words } from '../i18n';
import { chartSvg } from './axes';
import { type ViewModel, paramsAt } from './model';

/** The network as a diagram: inputs, layers of units, every weight as an edge and every bias under its unit. */
export function networkView(w: Words) {
  const el = panel('network-panel', w.network);
  const holder = h('div', { class: 'network-holder' });
  const caption = h('p', { class: 'caption' }, w.networkCaption);
  el.append(holder, caption);
  let drawn = '';

  function update(m: ViewModel): void {
    const info = m.info;
    const p = paramsAt(m, m.epoch);
    if (!info || !p) return;
    const key = `${m.epoch}|${m.fmt.locale}|${m.summaries.length > 0 ? m.summaries.length : 0}|${info.paramNames.join()}`;
    if (key === drawn) return;
    drawn = key;
    const sizes = [info.inputs, ...info.layers.map((l) => l.units)];
    const maxUnits = Math.max(...sizes, 2);
    const edges = sizes.slice(1).reduce((t, u, i) => t + u * sizes[i], 0);
    const units = sizes.slice(1).reduce((t, u) => t + u, 0);
    const labelEdges = edges <= 12;
    const labelBias = units <= 12;
    const width = 480;
    const rowH = maxUnits > 4 ? 34 : 64;
    const height = Math.max(150, maxUnits * rowH + 50);
    const r = maxUnits > 4 ? 10 : 16;
    const colX = (c: number): number => 40 + ((width - 80) * c) / (sizes.length - 1);
    const rowY = (c: number, j: number): number => height / 2 + (j - (sizes[c] - 1) / 2) * rowH - 6;
    const fmt = (v: number): string => formatNumber(v, { ...m.fmt, decimals: 3 });
    let maxAbs = 0;
    for (let l = 1; l < sizes.length; l++)
      for (const row of p[`W${l}`] as number[][]) for (const v of row) maxAbs = Math.max(maxAbs, Math.abs(v));
    const svg = chartSvg(w.network, { width, height, left: 0, right: 0, top: 0, bottom: 0 });
    const gEdges = s('g');
    const gLabels = s('g');
    const gNodes = s('g');
    for (let l = 1; l < sizes.length; l++) {
      const W = p[`W${l}`] as number[][];
      const b = p[`b${l}`] as number[];
      for (let j = 0; j < sizes[l]; j++) {
        for (let i = 0; i < sizes[l - 1]; i++) {
          const v = W[j][i];
          const x1 = colX(l - 1);
          const y1 = rowY(l - 1, i);
          const x2 = colX(l);
          const y2 = rowY(l, j);
          const sw = Number.isFinite(v) && maxAbs > 0 ? 0.8 + (5 * Math.abs(v)) / maxAbs : 1;
          gEdges.append(
            s(
              'line',
              { x1, y1, x2, y2, class: v >= 0 ? 'edge pos' : 'edge neg', 'stroke-width': sw.toFixed(2) },
              s('title', {}, `W${l}[${j + 1},${i + 1}] = ${fmt(v)}`),
            ),
          );
          if (labelEdges) {
            const t = sizes[l - 1] === 1 && sizes[l] === 1 ? 0.5 : 0.3;
            gLabels.append(
              s(
                'text',
                {
                  x: x1 + (x2 - x1) * t,
                  y: y1 + (y2 - y1) * t - 6,
                  class: 'edge-label',
                  'text-anchor': 'middle',
                },
                fmt(v),
              ),
            );
          }
        }
        const cx = colX(l);
        const cy = rowY(l, j);
        gNodes.append(
          s('circle', { cx, cy, r, class: 'unit' }, s('title', {}, `b${l}[${j + 1}] = ${fmt(b[j])}`)),
        );
        if (labelBias)
          gLabels.append(
            s('text', { x: cx, y: cy + r + 15, class: 'bias-label', 'text-anchor': 'middle' }, fmt(b[j])),
          );
        if (l === sizes.length - 1 && sizes[l] <= 4)
          gLabels.append(
            s(
              'text',
              { x: cx + r + 6, y: cy + 4, class: 'node-name' },
              info.outputs === 1 ? 'ŷ' : `ŷ${j + 1}`,
            ),
          );
      }
    }
    for (let i = 0; i < info.inputs; i++) {
      const cx = colX(0);
      const cy = rowY(0, i);
      gNodes.append(s('rect', { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, rx: 4, class: 'input' }));
      gLabels.append(
        s(
          'text',
          { x: cx, y: cy + 4, class: 'node-name inside', 'text-anchor': 'middle' },
          info.inputNames[i] ?? `x${i + 1}`,
        ),
      );
    }
    gLabels.append(
      s('text', { x: colX(0), y: height - 8, class: 'tick', 'text-anchor': 'middle' }, w.inputsLabel),
    );
    gLabels.append(
      s(
        'text',
        { x: colX(sizes.length - 1), y: height - 8, class: 'tick', 'text-anchor': 'middle' },
        w.outputLabel,
      ),
    );
    svg.append(gEdges, gNodes, gLabels);
    holder.replaceChildren(svg);
  }

  return { el, update };
}
