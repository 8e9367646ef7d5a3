import { PHASES, phasesLoaded, powerFromCurrentW } from '../../common/units.js';
import type { PerPhase, Phase, PhaseCount } from '../../common/units.js';
import { circuitPath } from './circuit-tree.js';
import type { CircuitNode } from './circuit-tree.js';
import type { FillConstraint } from './water-fill.js';
import type { SessionDemand, StrategyInput } from './strategy.js';

/** A constraint with the words that explain it. */
export interface LabelledConstraint extends FillConstraint {
  /** E.g. `circuit main on L1 (57.0 A after the 5 % margin, 20.0 A other load)`. */
  readonly label: string;
}

/** Options for {@link siteConstraints}. */
export interface SiteConstraintOptions {
  /** Multiplies what the main breaker leaves for chargers (time-of-use). Default 1. */
  readonly budgetFactor?: number;
  /** Sessions (by index) whose load is fixed rather than filled, with their fixed current. */
  readonly fixedA?: ReadonlyMap<number, number>;
}

function fmt(x: number): string {
  return x.toFixed(1);
}

/** {@link phasesLoaded} for each of the few phase counts and rotations, computed once each. */
const LOADED = new Map<string, readonly Phase[]>();

function loadedPhases(phases: PhaseCount, firstPhase: Phase): readonly Phase[] {
  const key = `${phases}${firstPhase}`;
  let loaded = LOADED.get(key);
  if (loaded === undefined) LOADED.set(key, (loaded = phasesLoaded(phases, firstPhase)));
  return loaded;
}

/**
 * The fuse constraints of a site for the given sessions: for every circuit, one per phase
 * (`circuit:<id>:<phase>`) and one for its power limit (`circuit:<id>:power`), after the safety
 * margin, the other load measured at the main breaker, and any fixed (uncontrolled) load.
 * A session loads a phase's constraint only when its conductors land on that phase.
 */
export function siteConstraints(
  input: Pick<StrategyInput, 'tree' | 'measurements' | 'settings'>,
  sessions: readonly SessionDemand[],
  options: SiteConstraintOptions = {},
): readonly LabelledConstraint[] {
  // A balancer cycle asks twice for the same plain constraints: its strategy, then Anti Overload.
  const plain = (options.budgetFactor ?? 1) === 1 && (options.fixedA?.size ?? 0) === 0;
  if (!plain) return buildConstraints(input, sessions, options);
  const last = lastPlain.get(sessions);
  if (
    last !== undefined &&
    last.tree === input.tree &&
    last.measurements === input.measurements &&
    last.settings === input.settings
  ) {
    return last.constraints;
  }
  const constraints = Object.freeze(buildConstraints(input, sessions, options));
  const { tree, measurements, settings } = input;
  lastPlain.set(sessions, { tree, measurements, settings, constraints });
  return constraints;
}

/**
 * The plain constraints (no budget factor, no fixed load) last built for a list of sessions, with
 * the tree, measurements and settings they were built from: the same objects give the same result.
 */
const lastPlain = new WeakMap<
  readonly SessionDemand[],
  Pick<StrategyInput, 'tree' | 'measurements' | 'settings'> & {
    readonly constraints: readonly LabelledConstraint[];
  }
>();

function buildConstraints(
  input: Pick<StrategyInput, 'tree' | 'measurements' | 'settings'>,
  sessions: readonly SessionDemand[],
  options: SiteConstraintOptions,
): LabelledConstraint[] {
  const { tree, measurements, settings } = input;
  const factor = options.budgetFactor ?? 1;
  const keep = 1 - settings.safetyMargin;
  const v = measurements.voltageV;
  const baseLoad: PerPhase = { L1: 0, L2: 0, L3: 0 };
  for (const p of PHASES) {
    const pv = settings.pvOffsetsLoad ? measurements.pvPerPhaseA[p] : 0;
    baseLoad[p] = measurements.homePerPhaseA[p] - pv;
  }
  const membersOf = new Map<string, number[]>();
  sessions.forEach((s, i) => {
    const charger = tree.chargers.get(s.chargerId);
    if (charger?.circuitId === undefined) return;
    for (const cid of circuitPath(tree, charger.circuitId)) {
      const list = membersOf.get(cid) ?? [];
      list.push(i);
      membersOf.set(cid, list);
    }
  });
  // The phases each session's conductors land on, worked out once rather than per circuit and phase.
  const loaded = sessions.map((s) => loadedPhases(s.phases, s.firstPhase));
  const out: LabelledConstraint[] = [];
  const visit = (node: CircuitNode): void => {
    const members = membersOf.get(node.id) ?? [];
    const isRoot = node.parentId === undefined;
    const fixed = (i: number): number => options.fixedA?.get(i) ?? 0;
    const filled = members.filter((i) => !options.fixedA?.has(i));
    if (node.maxPerPhaseA !== undefined) {
      for (const p of PHASES) {
        const loads = (i: number): boolean => loaded[i]!.includes(p);
        const other = isRoot ? baseLoad[p] : 0;
        const fixedLoad = members.filter((i) => loads(i)).reduce((a, i) => a + fixed(i), 0);
        let limit = node.maxPerPhaseA * keep - other;
        if (isRoot && factor !== 1) limit = Math.max(0, limit) * factor;
        limit -= fixedLoad;
        out.push({
          id: `circuit:${node.id}:${p}`,
          limit,
          members: filled.filter(loads).map((index) => ({ index, coeff: 1 })),
          label:
            `circuit ${node.id} on ${p} (${fmt(node.maxPerPhaseA * keep)} A after the ${fmt(settings.safetyMargin * 100)} % margin` +
            (isRoot ? `, ${fmt(other)} A other load` : '') +
            (fixedLoad > 0 ? `, ${fmt(fixedLoad)} A uncontrolled` : '') +
            (isRoot && factor !== 1 ? `, budget x${factor}` : '') +
            ')',
        });
      }
    }
    if (node.maxPowerW !== undefined) {
      const coeff = (i: number): number => powerFromCurrentW(1, sessions[i]!.phases, v);
      const other = isRoot ? PHASES.reduce((a, p) => a + powerFromCurrentW(baseLoad[p], 1, v), 0) : 0;
      const fixedLoad = members.reduce((a, i) => a + coeff(i) * fixed(i), 0);
      let limit = node.maxPowerW * keep - other;
      if (isRoot && factor !== 1) limit = Math.max(0, limit) * factor;
      limit -= fixedLoad;
      out.push({
        id: `circuit:${node.id}:power`,
        limit,
        members: filled.map((index) => ({ index, coeff: coeff(index) })),
        label:
          `circuit ${node.id} power limit (${fmt((node.maxPowerW * keep) / 1000)} kW after the margin` +
          (isRoot ? `, ${fmt(other / 1000)} kW other load` : '') +
          (isRoot && factor !== 1 ? `, budget x${factor}` : '') +
          ')',
      });
    }
    for (const child of node.circuits) visit(child);
  };
  visit(tree.root);
  return out;
}
