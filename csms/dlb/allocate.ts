import { antiOverload } from './anti-overload.js';
import { activeHomeMode, fullSpeed, pvDynamic } from './strategies/home-modes.js';
import type { Allocation, Strategy, StrategyInput } from './strategy.js';

/** A session on a charger the site does not know. */
export class UnknownChargerError extends Error {
  override readonly name = 'UnknownChargerError';
}

/**
 * Computes every session's limit: chargers on dedicated lines get their maximum (not balanced);
 * for the tree, the home mode in force (Extreme > Night Full Speed > PV Dynamic Balance) or else the
 * site's strategy decides, and the Anti Overload layer always caps the result to the fuses.
 * Returns allocations in the order of `input.sessions`.
 */
export function allocate(input: StrategyInput, strategy: Strategy): Allocation[] {
  for (const s of input.sessions) {
    if (!input.tree.chargers.has(s.chargerId)) {
      throw new UnknownChargerError(
        `session ${s.sessionId} is on charger "${s.chargerId}", which is not in the site's circuit tree; add it to the tree or to the dedicated lines`,
      );
    }
  }
  const dedicatedIds = new Set(input.tree.dedicated.map((c) => c.id));
  const inTree = input.sessions.filter((s) => !dedicatedIds.has(s.chargerId));
  const treeInput: StrategyInput = { ...input, sessions: inTree };
  const mode = activeHomeMode(input);
  const asked =
    mode === 'extreme'
      ? fullSpeed(treeInput, 'Extreme mode')
      : mode === 'night-full-speed'
        ? fullSpeed(
            treeInput,
            `Night Full Speed (${input.settings.nightWindow.from}-${input.settings.nightWindow.to})`,
          )
        : mode === 'pv-dynamic'
          ? pvDynamic(treeInput)
          : strategy(treeInput);
  const capped = new Map(antiOverload(treeInput, asked).map((a) => [a.sessionId, a]));
  return input.sessions.map((s) => {
    const a = capped.get(s.sessionId);
    if (a !== undefined) return a;
    const x = s.demandA > 0 ? s.maxCurrentA : 0;
    return {
      sessionId: s.sessionId,
      chargerId: s.chargerId,
      perPhaseA: x,
      phases: s.phases,
      firstPhase: s.firstPhase,
      reason: `dedicated line outside the circuit tree: not balanced, ${x.toFixed(1)} A`,
      limitedBy: 'dedicated',
    };
  });
}
