import { rotationOrder } from './rotation-order.js';
import { siteConstraints } from './site-constraints.js';
import type { Allocation, SessionDemand, StrategyInput } from './strategy.js';
import { waterFill } from './water-fill.js';

/**
 * The Anti Overload safety layer. Whatever a strategy (or a mode) asked for, no circuit and no
 * phase may exceed its limit after the margin: allocations that do not fit are lowered fairly
 * (water-filling with the strategy's allocations as caps), anything below a session's minimum is
 * paused, and sessions that do not obey limits are counted at their maximum.
 */
export function antiOverload(input: StrategyInput, asked: readonly Allocation[]): Allocation[] {
  const sessions = input.sessions;
  const byId = new Map(asked.map((a) => [a.sessionId, a]));
  const fixedA = new Map<number, number>();
  sessions.forEach((s, i) => {
    if (s.controllable === false) fixedA.set(i, s.maxCurrentA);
  });
  const constraints = siteConstraints(input, sessions, { fixedA });
  const labels = new Map(constraints.map((c) => [c.id, c.label]));
  // Indexed by position: sessions are distinct objects, so position i is `sessions.indexOf(s)`.
  const want = sessions.map((s, i) => {
    const a = byId.get(s.sessionId);
    const x =
      a === undefined || !Number.isFinite(a.perPhaseA)
        ? 0
        : Math.max(0, Math.min(a.perPhaseA, s.maxCurrentA));
    return fixedA.has(i) ? 0 : x;
  });
  const items = sessions.map((s, i) => ({
    floor: Math.min(s.minCurrentA, want[i]!),
    cap: want[i]!,
    weight: 1,
  }));
  const ordered = rotationOrder(
    sessions,
    input.timeMs,
    input.settings.rotationIntervalMs,
    (_s: SessionDemand, i: number) => -want[i]!,
  );
  const { values, limitedBy } = waterFill(items, constraints, ordered);
  return sessions.map((s, i) => {
    const base = byId.get(s.sessionId);
    if (fixedA.has(i)) {
      return allocation(
        s,
        s.maxCurrentA,
        `station does not obey limits: counted at its maximum ${s.maxCurrentA.toFixed(1)} A`,
        'uncontrolled',
      );
    }
    if (base === undefined) return allocation(s, 0, 'the strategy gave no allocation: paused', 'paused');
    let x = values[i]!;
    let reason = base.reason;
    let by = base.limitedBy;
    if (x < want[i]! - 1e-6) {
      const c = limitedBy[i]!.replace(/^paused:/, '');
      reason = `${reason}; lowered by Anti Overload to fit ${labels.get(c) ?? c}`;
      by = limitedBy[i]!.startsWith('paused:') ? 'paused' : c;
    }
    if (x > 0 && x < s.minCurrentA - 1e-9) {
      reason = `${reason}; ${x.toFixed(1)} A is below the ${s.minCurrentA.toFixed(1)} A minimum: paused`;
      x = 0;
      by = 'paused';
    }
    return allocation(s, x, reason, by);
  });
}

/** A session's allocation, its fields in the order the event stream and the API show them. */
function allocation(s: SessionDemand, perPhaseA: number, reason: string, by: string | undefined): Allocation {
  const { sessionId, chargerId, phases, firstPhase } = s;
  return by === undefined
    ? { sessionId, chargerId, phases, firstPhase, perPhaseA, reason }
    : { sessionId, chargerId, phases, firstPhase, perPhaseA, reason, limitedBy: by };
}
