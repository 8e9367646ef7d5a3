import { rotationOrder } from './rotation-order.js';
import { siteConstraints } from './site-constraints.js';
import type { LabelledConstraint } from './site-constraints.js';
import type { Allocation, SessionDemand, StrategyInput } from './strategy.js';
import { waterFill } from './water-fill.js';
import type { FillItem } from './water-fill.js';

/** How {@link fairShare} weighs, orders and caps sessions. */
export interface FairShareOptions {
  /** Weight of a session (> 0). Default: its `weight`, else 1. */
  readonly weight?: (s: SessionDemand) => number;
  /** Admission rank (lower first) applied before rotation. Default: all equal. */
  readonly rank?: (s: SessionDemand) => number;
  /** Multiplies the main breaker's budget for chargers (time-of-use). */
  readonly budgetFactor?: number;
  /** Extra constraints built over the same session indices (e.g. a PV budget). */
  readonly extraConstraints?: (sessions: readonly SessionDemand[]) => LabelledConstraint[];
  /** What the session asks for instead of its demand (e.g. full speed). */
  readonly target?: (s: SessionDemand) => number;
  /** Prefix for every reason, e.g. `Extreme mode`. */
  readonly reasonPrefix: string;
}

function fmt(x: number): string {
  return x.toFixed(1);
}

/**
 * What a session can use now: its target (demand by default) within its maximum, lowered to what
 * it measurably draws (+ headroom) when it draws well below its limit, so unused allocation goes
 * back to the others; never below its minimum while it wants anything.
 */
export function usableCapA(
  s: SessionDemand,
  input: StrategyInput,
  target = s.demandA,
): { capA: number; why: string } {
  if (!(target > 0) || !(s.maxCurrentA > 0)) return { capA: 0, why: 'no demand' };
  let capA = Math.min(s.maxCurrentA, target);
  let why = capA < s.maxCurrentA ? 'its demand' : 'its maximum (charger and EV)';
  const { reclaimThresholdA, reclaimHeadroomA } = input.settings;
  if (
    s.measuredA !== undefined &&
    s.allocatedA !== undefined &&
    s.allocatedA > 0 &&
    s.measuredA < s.allocatedA - reclaimThresholdA &&
    s.measuredA + reclaimHeadroomA < capA
  ) {
    capA = s.measuredA + reclaimHeadroomA;
    why = `what it draws (${fmt(s.measuredA)} A + ${fmt(reclaimHeadroomA)} A headroom)`;
  }
  const floor = Math.min(s.minCurrentA, s.maxCurrentA);
  if (capA < floor) capA = floor;
  return { capA, why };
}

/**
 * Weighted max-min fair share (water-filling) within every circuit of the tree, respecting caps
 * and minimums; sessions that cannot get their minimum are paused, in rotation.
 */
export function fairShare(
  input: StrategyInput,
  sessions: readonly SessionDemand[],
  options: FairShareOptions,
): Allocation[] {
  const weight = options.weight ?? ((s: SessionDemand) => s.weight ?? 1);
  const caps = sessions.map((s) => usableCapA(s, input, options.target?.(s) ?? s.demandA));
  const items: FillItem[] = sessions.map((s, i) => ({
    floor: Math.min(s.minCurrentA, caps[i]!.capA),
    cap: caps[i]!.capA,
    weight: Math.max(1e-6, weight(s)),
  }));
  const constraints = [
    ...siteConstraints(input, sessions, { budgetFactor: options.budgetFactor }),
    ...(options.extraConstraints?.(sessions) ?? []),
  ];
  const labels = new Map(constraints.map((c) => [c.id, c.label]));
  const order = rotationOrder(sessions, input.timeMs, input.settings.rotationIntervalMs, options.rank);
  const { values, limitedBy } = waterFill(items, constraints, order);
  return sessions.map((s, i) => {
    const by = limitedBy[i]!;
    const x = values[i]!;
    let reason: string;
    if (by === 'cap') {
      reason = x === 0 ? 'nothing to allocate: no demand' : `at ${caps[i]!.why}: ${fmt(x)} A`;
    } else if (by.startsWith('paused:')) {
      const c = by.slice('paused:'.length);
      reason = `paused: ${labels.get(c) ?? c} cannot give every session its ${fmt(s.minCurrentA)} A minimum (rotates every ${Math.round(input.settings.rotationIntervalMs / 60_000)} min)`;
    } else {
      reason = `share of ${labels.get(by) ?? by}: ${fmt(x)} A`;
    }
    return {
      sessionId: s.sessionId,
      chargerId: s.chargerId,
      perPhaseA: x,
      phases: s.phases,
      firstPhase: s.firstPhase,
      reason: `${options.reasonPrefix}: ${reason}`,
      limitedBy: by.startsWith('paused:') ? 'paused' : x === 0 ? 'demand' : by,
    };
  });
}
