import type { StationContext } from '../station/station-context.js';

/** One line of a station's diagnostics log. */
export interface DiagnosticsLine {
  readonly timeMs: number;
  readonly text: string;
}

/** Lines kept by default (the oldest are dropped first). */
export const DIAGNOSTICS_LOG_LINES = 1_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The station's recent events as text lines (state changes, connector statuses, transactions,
 * faults and problems), kept in clock order up to a bound, for GetDiagnostics.
 */
export class DiagnosticsLog {
  readonly #lines: DiagnosticsLine[] = [];

  constructor(
    context: StationContext,
    private readonly maxLines = DIAGNOSTICS_LOG_LINES,
  ) {
    const ev = context.events;
    ev.on('state', (e) => this.add(e.timeMs, `state ${e.state}`));
    ev.on('status', (e) => this.add(e.timeMs, `evse ${e.evseId} status ${e.status}`));
    ev.on('transaction-started', (e) =>
      this.add(e.timeMs, `evse ${e.evseId} transaction started (idTag ${e.tx.idTag})`),
    );
    ev.on('transaction-ended', (e) =>
      this.add(e.timeMs, `evse ${e.evseId} transaction ended (${e.reason}, ${Math.round(e.energyWh)} Wh)`),
    );
    ev.on('fault', (e) => this.add(e.timeMs, `fault: ${e.fault}`));
    ev.on('problem', (e) => this.add(e.timeMs, `problem: ${e.message}`));
  }

  /** Adds a line. */
  add(timeMs: number, text: string): void {
    this.#lines.push({ timeMs, text });
    if (this.#lines.length > this.maxLines) this.#lines.splice(0, this.#lines.length - this.maxLines);
  }

  /** The lines within [fromMs, toMs] (either bound optional), oldest first. */
  lines(fromMs?: number, toMs?: number): readonly DiagnosticsLine[] {
    return this.#lines.filter(
      (l) => (fromMs === undefined || l.timeMs >= fromMs) && (toMs === undefined || l.timeMs <= toMs),
    );
  }

  /** The log as a text file: a header, then one `ISO-time text` line per event in the window. */
  render(header: string, fromMs?: number, toMs?: number): string {
    const body = this.lines(fromMs, toMs).map((l) => `${iso(l.timeMs)} ${l.text}`);
    return [header, ...body].join('\n') + '\n';
  }
}
