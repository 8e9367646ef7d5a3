import { plotlyText } from '../escape.js';
import { naturalCompare } from '../natural-compare.js';
import type { CircuitSeries, ReportCase, Series } from '../run-report.js';
import type { Figure, PlotlyJson } from './figure.js';
import { LIMIT_COLOUR, PHASE_COLOURS, baseLayout, toSiteAxis } from './figure.js';

/** Most overshoot stretches shaded per chart (all of them keep a marker at their peak). */
export const MAX_SHADED_OVERSHOOTS = 200;

/** The charts of one case that have data to draw, in page order. */
export function caseFigures(c: ReportCase, caseIndex: number): Figure[] {
  const tz = c.timeZone;
  const id = (suffix: string): string => `c${caseIndex}-${suffix}`;
  const figures: Figure[] = [];
  const s = c.series;
  if (s.powerFlow.length > 0) {
    figures.push({
      id: id('power-flow'),
      kind: 'power-flow',
      data: s.powerFlow.map((p) => lineTrace(p, tz, 1 / 1000)),
      layout: baseLayout('Power flow', 'kW', tz),
    });
  }
  s.circuits.forEach((circuit, k) => figures.push(circuitFigure(circuit, id(`circuit-${k}`), tz)));
  if (s.allocations.length > 0) {
    figures.push({
      id: id('allocation'),
      kind: 'allocation',
      data: s.allocations.map((a) => ({ ...lineTrace(a, tz, 1 / 1000), stackgroup: 'allocation' })),
      layout: baseLayout('Allocation per charger (stacked)', 'kW', tz),
    });
  }
  if (s.fairness.length > 0) {
    const layout = baseLayout("Jain's fairness index", 'index', tz);
    figures.push({
      id: id('fairness'),
      kind: 'fairness',
      data: s.fairness.map((f) => lineTrace(f, tz)),
      layout: { ...layout, yaxis: { title: { text: 'index' }, range: [0, 1.05] } },
    });
  }
  if (s.soc.length > 0) {
    const layout = baseLayout('State of charge per EV', '%', tz);
    figures.push({
      id: id('soc'),
      kind: 'soc',
      data: s.soc.map((e) => lineTrace(e, tz)),
      layout: { ...layout, yaxis: { title: { text: '%' }, range: [0, 100] } },
    });
  }
  if (c.firmware.length > 0) figures.push(firmwareFigure(c, id('firmware')));
  if (c.frameCounts.length > 0) figures.push(framesFigure(c, id('frames')));
  return figures;
}

/** A line trace of a series on the site-time axis, values scaled by `scale`. */
export function lineTrace(series: Series, timeZone: string | undefined, scale = 1): PlotlyJson {
  return {
    type: 'scatter',
    mode: 'lines',
    name: plotlyText(series.name),
    x: toSiteAxis(series.timesMs, timeZone),
    y: series.values.map((v) => (v === null ? null : roundForDrawing(v * scale))),
    line: { shape: series.shape ?? 'linear', width: 1.5 },
  };
}

/** Values are drawn with at most 4 decimals: finer detail is invisible and only weighs on the page. */
export function roundForDrawing(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function circuitFigure(circuit: CircuitSeries, id: string, tz: string | undefined): Figure {
  const data: PlotlyJson[] = circuit.phases.map((p) => ({
    ...lineTrace({ ...p, name: p.phase }, tz),
    line: { width: 1.5, color: PHASE_COLOURS[p.phase] },
  }));
  data.push({
    ...lineTrace({ ...circuit.limitPerPhaseA, name: 'limit' }, tz),
    line: { shape: 'hv', width: 2, dash: 'dash', color: LIMIT_COLOUR },
  });
  if (circuit.overshoots.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `overshoots (${circuit.overshoots.length})`,
      x: toSiteAxis(
        circuit.overshoots.map((o) => o.peakAtMs),
        tz,
      ),
      y: circuit.overshoots.map((o) => o.peakA),
      text: circuit.overshoots.map((o) => `${o.phase}: peak ${o.peakA.toFixed(1)} A over ${o.limitA} A`),
      marker: { symbol: 'x', size: 9, color: LIMIT_COLOUR },
    });
  }
  const shaded = circuit.overshoots.slice(0, MAX_SHADED_OVERSHOOTS);
  const starts = toSiteAxis(
    shaded.map((o) => o.startMs),
    tz,
  );
  const ends = toSiteAxis(
    shaded.map((o) => o.endMs),
    tz,
  );
  const shapes = shaded.map((_, i) => ({
    type: 'rect',
    xref: 'x',
    yref: 'paper',
    x0: starts[i],
    x1: ends[i],
    y0: 0,
    y1: 1,
    fillcolor: LIMIT_COLOUR,
    opacity: 0.15,
    line: { width: 0 },
  }));
  const title = `Current per phase — ${circuit.name} (limit ${circuit.limitPerPhaseA.values[0] ?? '?'} A)`;
  return { id, kind: 'phase-current', data, layout: { ...baseLayout(plotlyText(title), 'A', tz), shapes } };
}

function firmwareFigure(c: ReportCase, id: string): Figure {
  const statuses: string[] = [];
  for (const e of c.firmware) if (!statuses.includes(e.status)) statuses.push(e.status);
  const chargers = [...new Set(c.firmware.map((e) => e.chargerId))].sort(naturalCompare);
  const data = statuses.map((status) => {
    const events = c.firmware.filter((e) => e.status === status);
    return {
      type: 'scatter',
      mode: 'markers',
      name: plotlyText(status),
      x: toSiteAxis(
        events.map((e) => e.timeMs),
        c.timeZone,
      ),
      y: events.map((e) => plotlyText(e.chargerId)),
      text: events.map((e) => plotlyText([e.version, e.detail].filter((t) => t !== undefined).join(' — '))),
      marker: { size: 10, symbol: /fail|invalid|reject/i.test(status) ? 'x' : 'circle' },
    };
  });
  const layout = baseLayout('Firmware timeline', 'charger', c.timeZone);
  return {
    id,
    kind: 'firmware',
    data,
    layout: {
      ...layout,
      hovermode: 'closest',
      height: Math.max(240, 60 + 24 * chargers.length),
      yaxis: { type: 'category', categoryorder: 'array', categoryarray: chargers.map(plotlyText) },
    },
  };
}

function framesFigure(c: ReportCase, id: string): Figure {
  const actions = [...new Set(c.frameCounts.map((f) => f.action))];
  const total = (action: string, direction: string): number =>
    c.frameCounts
      .filter((f) => f.action === action && f.direction === direction)
      .reduce((s, f) => s + f.calls + f.results + f.errors + f.malformed, 0);
  const invalid = (action: string): number =>
    c.frameCounts.filter((f) => f.action === action).reduce((s, f) => s + f.invalid, 0);
  const x = actions.map(plotlyText);
  const data: PlotlyJson[] = [
    { type: 'bar', name: 'station → CSMS', x, y: actions.map((a) => total(a, 'station->csms')) },
    { type: 'bar', name: 'CSMS → station', x, y: actions.map((a) => total(a, 'csms->station')) },
  ];
  if (c.frameCounts.some((f) => f.invalid > 0)) {
    data.push({ type: 'bar', name: 'invalid', x, y: actions.map(invalid), marker: { color: LIMIT_COLOUR } });
  }
  return {
    id,
    kind: 'frames',
    data,
    layout: {
      title: { text: 'Frames by action and direction', font: { size: 14 } },
      height: 340,
      margin: { l: 60, r: 20, t: 40, b: 100 },
      barmode: 'group',
      legend: { orientation: 'h', y: 1.1 },
      yaxis: { title: { text: 'frames' } },
    },
  };
}
