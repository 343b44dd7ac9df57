import { formatCompact } from '@unha/explain';
import { h, panel, s } from '../dom';
import type { Words } from '../i18n';
import type { RunInfo } from '../protocol';
import { chartSvg } from './axes';
import { type ViewModel, paramsAt } from './model';

/** One weight's line (with its hover title and, on small networks, its number). */
interface Edge {
  l: number;
  j: number;
  i: number;
  line: SVGLineElement;
  title: SVGTitleElement;
  label?: SVGTextElement;
  /** What the line shows now, to write only what changed. */
  width?: string;
  cls?: string;
}

/** One unit's circle (with its bias as hover title and, on small networks, as a number under it). */
interface Unit {
  l: number;
  j: number;
  title: SVGTitleElement;
  label?: SVGTextElement;
}

const WIDTH = 480;

/**
 * The network as a diagram: inputs, layers of units, every weight as an edge and every bias with its
 * unit. The drawing is built once per shape of network; each epoch only changes the attributes and
 * texts that hold numbers (a 1 → 16 → 16 → 1 network has 320 edges: rebuilding them every frame of play
 * made the page stutter).
 */
export function networkView(w: Words) {
  const el = panel('network-panel', w.network);
  const holder = h('div', { class: 'network-holder' });
  const caption = h('p', { class: 'caption' });
  const summary = h('p', { class: 'visually-hidden', id: 'network-summary' });
  el.append(holder, caption, summary);
  let shape = '';
  let drawnParams: unknown;
  let summarized: unknown;
  let edges: Edge[] = [];
  let units: Unit[] = [];

  function build(info: RunInfo, sizes: number[]): void {
    const maxUnits = Math.max(...sizes, 2);
    const edgeCount = sizes.slice(1).reduce((t, u, i) => t + u * sizes[i], 0);
    const unitCount = sizes.slice(1).reduce((t, u) => t + u, 0);
    const labelEdges = edgeCount <= 12;
    const labelBias = unitCount <= 12;
    const rowH = maxUnits > 4 ? 34 : 64;
    const height = Math.max(150, maxUnits * rowH + 50);
    const r = maxUnits > 4 ? 10 : 16;
    // The output column leaves room on its right for ŷ and for a long bias written under it.
    const colX = (c: number): number => 48 + ((WIDTH - 120) * c) / (sizes.length - 1);
    const rowY = (c: number, j: number): number => height / 2 + (j - (sizes[c] - 1) / 2) * rowH - 6;
    const svg = chartSvg(w.network, { width: WIDTH, height, left: 0, right: 0, top: 0, bottom: 0 });
    svg.setAttribute('aria-describedby', 'network-summary');
    const gEdges = s('g');
    const gLabels = s('g');
    const gNodes = s('g');
    edges = [];
    units = [];
    for (let l = 1; l < sizes.length; l++) {
      for (let j = 0; j < sizes[l]; j++) {
        for (let i = 0; i < sizes[l - 1]; i++) {
          const [x1, y1, x2, y2] = [colX(l - 1), rowY(l - 1, i), colX(l), rowY(l, j)];
          const title = s('title');
          const line = s('line', { x1, y1, x2, y2, class: 'edge pos' }, title);
          gEdges.append(line);
          const edge: Edge = { l, j, i, line, title };
          if (labelEdges) {
            const t = sizes[l - 1] === 1 && sizes[l] === 1 ? 0.5 : 0.3;
            edge.label = s('text', {
              x: x1 + (x2 - x1) * t,
              y: y1 + (y2 - y1) * t - 6,
              class: 'edge-label',
              'text-anchor': 'middle',
            });
            gLabels.append(edge.label);
          }
          edges.push(edge);
        }
        const [cx, cy] = [colX(l), rowY(l, j)];
        const title = s('title');
        gNodes.append(s('circle', { cx, cy, r, class: 'unit' }, title));
        const unit: Unit = { l, j, title };
        if (labelBias) {
          unit.label = s('text', { x: cx, y: cy + r + 15, class: 'bias-label', 'text-anchor': 'middle' });
          gLabels.append(unit.label);
        }
        units.push(unit);
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
      const [cx, cy] = [colX(0), rowY(0, i)];
      gNodes.append(s('rect', { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, rx: 4, class: 'input' }));
      gLabels.append(
        s(
          'text',
          { x: cx, y: cy + 4, class: 'node-name inside', 'text-anchor': 'middle' },
          info.inputNames[i] ?? `x${i + 1}`,
        ),
      );
    }
    const foot = (c: number, text: string): SVGTextElement =>
      s('text', { x: colX(c), y: height - 8, class: 'tick', 'text-anchor': 'middle' }, text);
    gLabels.append(foot(0, w.inputsLabel), foot(sizes.length - 1, w.outputLabel));
    svg.append(gEdges, gNodes, gLabels);
    holder.replaceChildren(svg);
    caption.textContent = w.networkCaption(labelBias);
  }

  function update(m: ViewModel): void {
    const info = m.info;
    const p = paramsAt(m, m.epoch);
    if (!info || !p) return;
    const sizes = [info.inputs, ...info.layers.map((l) => l.units)];
    const key = `${m.fmt.locale}|${sizes.join()}|${info.paramNames.join()}`;
    if (key !== shape) {
      shape = key;
      drawnParams = undefined;
      build(info, sizes);
    }
    // The same parameters draw the same numbers: nothing to touch.
    if (p !== drawnParams) {
      drawnParams = p;
      const fmt = (v: number): string => formatCompact(v, m.fmt);
      let maxAbs = 0;
      for (const e of edges) maxAbs = Math.max(maxAbs, Math.abs((p[`W${e.l}`] as number[][])[e.j][e.i]) || 0);
      for (const e of edges) {
        const v = (p[`W${e.l}`] as number[][])[e.j][e.i];
        const sw = Number.isFinite(v) && maxAbs > 0 ? 0.8 + (5 * Math.abs(v)) / maxAbs : 1;
        // Attributes are written only when they change: each write makes the browser restyle the line.
        const width = sw.toFixed(1);
        if (e.width !== width) e.line.setAttribute('stroke-width', (e.width = width));
        const cls = v >= 0 ? 'edge pos' : 'edge neg';
        if (e.cls !== cls) e.line.setAttribute('class', (e.cls = cls));
        const text = fmt(v);
        e.title.textContent = `W${e.l}[${e.j + 1},${e.i + 1}] = ${text}`;
        if (e.label) e.label.textContent = text;
      }
      for (const u of units) {
        const text = fmt((p[`b${u.l}`] as number[])[u.j]);
        u.title.textContent = `b${u.l}[${u.j + 1}] = ${text}`;
        if (u.label) u.label.textContent = text;
      }
    }
    if (!m.playing && summarized !== p) {
      summarized = p;
      summary.textContent = networkSummary(m, info, p);
    }
  }

  return { el, update };
}

/** "3 layers, 321 parameters; the largest weight is W2[3,4] = −1,23". */
function networkSummary(m: ViewModel, info: RunInfo, p: Record<string, unknown>): string {
  let count = 0;
  let big = { name: '', v: 0 };
  for (const name of info.paramNames) {
    const v = p[name] as number[] | number[][];
    const rows = (Array.isArray(v[0]) ? v : [v]) as number[][];
    rows.forEach((row, j) =>
      row.forEach((x, i) => {
        count++;
        if (name.startsWith('W') && !(Math.abs(x) <= Math.abs(big.v)))
          big = { name: `${name}[${j + 1},${i + 1}]`, v: x };
      }),
    );
  }
  return m.w.networkSummary(info.layers.length, count, `${big.name} = ${formatCompact(big.v, m.fmt)}`);
}
