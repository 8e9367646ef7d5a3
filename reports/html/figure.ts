import { IANAZone } from 'luxon';

/** The charts a report draws; each chart div carries its kind as `data-chart`. */
export type ChartKind =
  | 'power-flow'
  | 'phase-current'
  | 'allocation'
  | 'fairness'
  | 'soc'
  | 'firmware'
  | 'frames'
  | 'compare-phase';

/** A plotly trace or layout, as plain JSON. */
export type PlotlyJson = Record<string, unknown>;

/** One chart: the div it draws into and the plotly figure. */
export interface Figure {
  /** DOM id of the chart's div. */
  readonly id: string;
  readonly kind: ChartKind;
  readonly data: readonly PlotlyJson[];
  readonly layout: PlotlyJson;
}

/**
 * Converts epoch ms into the numbers a plotly date axis shows as site wall time: plotly reads
 * numbers as UTC, so each time is moved by the zone's offset at that instant.
 */
export function toSiteAxis(timesMs: readonly number[], timeZone: string | undefined): number[] {
  if (timeZone === undefined || timeZone === 'UTC') return [...timesMs];
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid)
    throw new Error(`unknown time zone "${timeZone}": use an IANA name such as Asia/Kolkata`);
  const offsets = new Map<number, number>();
  return timesMs.map((t) => {
    const quarter = Math.floor(t / 900_000);
    let offsetMin = offsets.get(quarter);
    if (offsetMin === undefined) {
      offsetMin = zone.offset(t);
      offsets.set(quarter, offsetMin);
    }
    return t + offsetMin * 60_000;
  });
}

/** A layout with the report's common look; `yTitle` names the unit. */
export function baseLayout(title: string, yTitle: string, timeZone: string | undefined): PlotlyJson {
  return {
    title: { text: title, font: { size: 14 } },
    height: 320,
    margin: { l: 60, r: 190, t: 40, b: 64 },
    legend: { x: 1.02, xanchor: 'left', y: 1 },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#fafafa',
    hovermode: 'x unified',
    // automargin keeps the second tick line (the date) clear of the axis title.
    xaxis: {
      type: 'date',
      automargin: true,
      title: { text: `site time (${timeZone ?? 'UTC'})`, standoff: 14 },
    },
    yaxis: { title: { text: yTitle }, zeroline: true },
  };
}

/** Conventional IEC conductor colours for the three phases. */
export const PHASE_COLOURS = { L1: '#8c564b', L2: '#222222', L3: '#7f7f7f' } as const;

/** Colour of limit lines and overshoot marks. */
export const LIMIT_COLOUR = '#d62728';
