import { PHASES, currentFromPowerA } from '../../common/units.js';
import type { Phase, PhaseCount } from '../../common/units.js';

/** A charging point at a leaf of the circuit tree (one connector / EVSE of a station). */
export interface ChargerConfig {
  /** Unique id of the charger in the site, e.g. `CP001` or `CP001/2`. */
  readonly id: string;
  /** OCPP identity of the station; defaults to `id`. */
  readonly stationId?: string;
  /** Connector id (1.6) or EVSE id (2.0.1); default 1. */
  readonly connectorId?: number;
  /** Phases wired to the charger: 1 or 3 (2 for the rare split-phase unit). Default 3. */
  readonly phases?: PhaseCount;
  /** The supply phase the charger's first conductor lands on (phase rotation). Default L1. */
  readonly firstPhase?: Phase;
  /** Hardware current cap per phase in amperes. Default 32. */
  readonly maxCurrentA?: number;
  /** Hardware power cap in kW (lowers the current cap when tighter). */
  readonly maxHardwarePowerKw?: number;
  /** Smallest current per phase the charger can set (IEC 61851 minimum 6 A). Default 6. */
  readonly minCurrentA?: number;
}

/** A circuit: the main breaker or a sub-panel, with its limits, sub-circuits and chargers. */
export interface CircuitConfig {
  /** Unique id of the circuit in the site, e.g. `main` or `floor-1`. */
  readonly id: string;
  /** Rated current of the circuit's breaker per phase, in amperes. */
  readonly maxPerPhaseA?: number;
  /** Optional power limit over all phases, in kW (a contracted capacity, a transformer). */
  readonly maxPowerKw?: number;
  /** Sub-panels fed from this circuit. */
  readonly circuits?: readonly CircuitConfig[];
  /** Chargers wired directly to this circuit. */
  readonly chargers?: readonly ChargerConfig[];
}

/** A charger with every default filled in. */
export interface ChargerNode {
  readonly id: string;
  readonly stationId: string;
  readonly connectorId: number;
  readonly phases: PhaseCount;
  readonly firstPhase: Phase;
  /** Hardware cap per phase, already lowered by `maxHardwarePowerKw`. */
  readonly maxCurrentA: number;
  readonly minCurrentA: number;
  /** Id of the circuit feeding it, or undefined for a charger on a dedicated line. */
  readonly circuitId: string | undefined;
}

/** A validated circuit with its children resolved. */
export interface CircuitNode {
  readonly id: string;
  readonly maxPerPhaseA: number | undefined;
  readonly maxPowerW: number | undefined;
  readonly parentId: string | undefined;
  readonly circuits: readonly CircuitNode[];
  readonly chargers: readonly ChargerNode[];
}

/** A validated circuit tree with lookup tables. */
export interface CircuitTree {
  readonly root: CircuitNode;
  /** Every circuit by id. */
  readonly circuits: ReadonlyMap<string, CircuitNode>;
  /** Every charger (in the tree and on dedicated lines) by id. */
  readonly chargers: ReadonlyMap<string, ChargerNode>;
  /** Chargers outside the tree (dedicated lines): never balanced. */
  readonly dedicated: readonly ChargerNode[];
}

/** A circuit tree that cannot be used, with the path of the bad field and what to change. */
export class CircuitTreeError extends Error {
  override readonly name = 'CircuitTreeError';
  constructor(
    /** Path of the offending field, e.g. `main.circuits[1].maxPerPhaseA`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const DEFAULT_MAX_CURRENT_A = 32;
const DEFAULT_MIN_CURRENT_A = 6;

function positive(value: unknown, path: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new CircuitTreeError(path, `${what} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkId(value: unknown, path: string, seen: Set<string>, kind: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CircuitTreeError(path, `${kind} id must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  if (seen.has(value)) {
    throw new CircuitTreeError(path, `${kind} id "${value}" is used twice; give every ${kind} its own id`);
  }
  seen.add(value);
  return value;
}

function buildCharger(
  config: ChargerConfig,
  path: string,
  circuitId: string | undefined,
  seen: Set<string>,
  voltageV: number,
): ChargerNode {
  if (typeof config !== 'object' || config === null) {
    throw new CircuitTreeError(path, 'a charger must be an object with at least an "id"');
  }
  const id = checkId(config.id, `${path}.id`, seen, 'charger');
  const phases = config.phases ?? 3;
  if (phases !== 1 && phases !== 2 && phases !== 3) {
    throw new CircuitTreeError(`${path}.phases`, `phases must be 1, 2 or 3, got ${JSON.stringify(phases)}`);
  }
  const firstPhase = config.firstPhase ?? 'L1';
  if (!PHASES.includes(firstPhase)) {
    throw new CircuitTreeError(
      `${path}.firstPhase`,
      `firstPhase must be one of L1, L2, L3, got ${JSON.stringify(firstPhase)}`,
    );
  }
  const connectorId = config.connectorId ?? 1;
  if (!Number.isInteger(connectorId) || connectorId < 1) {
    throw new CircuitTreeError(
      `${path}.connectorId`,
      `connectorId must be an integer >= 1, got ${JSON.stringify(connectorId)}`,
    );
  }
  let maxCurrentA = positive(
    config.maxCurrentA ?? DEFAULT_MAX_CURRENT_A,
    `${path}.maxCurrentA`,
    'maxCurrentA',
  );
  if (config.maxHardwarePowerKw !== undefined) {
    const kw = positive(config.maxHardwarePowerKw, `${path}.maxHardwarePowerKw`, 'maxHardwarePowerKw');
    maxCurrentA = Math.min(maxCurrentA, currentFromPowerA(kw * 1000, phases, voltageV));
  }
  const minCurrentA = config.minCurrentA ?? DEFAULT_MIN_CURRENT_A;
  if (typeof minCurrentA !== 'number' || !Number.isFinite(minCurrentA) || minCurrentA < 0) {
    throw new CircuitTreeError(
      `${path}.minCurrentA`,
      `minCurrentA must be a number >= 0, got ${JSON.stringify(minCurrentA)}`,
    );
  }
  if (minCurrentA > maxCurrentA) {
    throw new CircuitTreeError(
      `${path}.minCurrentA`,
      `minCurrentA ${minCurrentA} A is above the charger's cap ${round2(maxCurrentA)} A; lower minCurrentA or raise maxCurrentA`,
    );
  }
  return {
    id,
    stationId: config.stationId ?? id,
    connectorId,
    phases,
    firstPhase,
    maxCurrentA,
    minCurrentA,
    circuitId,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function buildCircuit(
  config: CircuitConfig,
  path: string,
  parentId: string | undefined,
  circuitIds: Set<string>,
  chargerIds: Set<string>,
  voltageV: number,
  out: { circuits: Map<string, CircuitNode>; chargers: Map<string, ChargerNode> },
): CircuitNode {
  if (typeof config !== 'object' || config === null) {
    throw new CircuitTreeError(path, 'a circuit must be an object with an "id" and a limit');
  }
  const id = checkId(config.id, `${path}.id`, circuitIds, 'circuit');
  const maxPerPhaseA =
    config.maxPerPhaseA === undefined
      ? undefined
      : positive(config.maxPerPhaseA, `${path}.maxPerPhaseA`, 'maxPerPhaseA (amperes per phase)');
  const maxPowerW =
    config.maxPowerKw === undefined
      ? undefined
      : positive(config.maxPowerKw, `${path}.maxPowerKw`, 'maxPowerKw') * 1000;
  if (maxPerPhaseA === undefined && maxPowerW === undefined) {
    throw new CircuitTreeError(path, `circuit "${id}" needs maxPerPhaseA (A per phase) or maxPowerKw (kW)`);
  }
  if (parentId === undefined && maxPerPhaseA === undefined) {
    throw new CircuitTreeError(
      `${path}.maxPerPhaseA`,
      'the main breaker needs its rated current per phase (maxPerPhaseA), e.g. 60',
    );
  }
  const circuits = (config.circuits ?? []).map((c, i) =>
    buildCircuit(c, `${path}.circuits[${i}]`, id, circuitIds, chargerIds, voltageV, out),
  );
  const chargers = (config.chargers ?? []).map((c, i) =>
    buildCharger(c, `${path}.chargers[${i}]`, id, chargerIds, voltageV),
  );
  for (const c of chargers) out.chargers.set(c.id, c);
  const node: CircuitNode = { id, maxPerPhaseA, maxPowerW, parentId, circuits, chargers };
  out.circuits.set(id, node);
  return node;
}

/**
 * Validates a circuit tree and fills in defaults. Throws {@link CircuitTreeError} naming the bad
 * field and what to change. `dedicated` chargers sit on their own line outside the tree (a VIP
 * bay) and are never balanced.
 */
export function buildCircuitTree(
  main: CircuitConfig,
  dedicated: readonly ChargerConfig[] = [],
  voltageV = 230,
): CircuitTree {
  positive(voltageV, 'voltageV', 'voltageV');
  const circuitIds = new Set<string>();
  const chargerIds = new Set<string>();
  const out = { circuits: new Map<string, CircuitNode>(), chargers: new Map<string, ChargerNode>() };
  const root = buildCircuit(main, 'main', undefined, circuitIds, chargerIds, voltageV, out);
  const dedicatedNodes = dedicated.map((c, i) =>
    buildCharger(c, `dedicated[${i}]`, undefined, chargerIds, voltageV),
  );
  for (const c of dedicatedNodes) out.chargers.set(c.id, c);
  const stationConnector = new Set<string>();
  for (const c of out.chargers.values()) {
    const key = `${c.stationId}#${c.connectorId}`;
    if (stationConnector.has(key)) {
      throw new CircuitTreeError(
        `charger ${c.id}`,
        `station "${c.stationId}" connector ${c.connectorId} appears twice; give each charger its own connectorId`,
      );
    }
    stationConnector.add(key);
  }
  return { root, circuits: out.circuits, chargers: out.chargers, dedicated: dedicatedNodes };
}

/** Ids of the circuits from `circuitId` up to the root, nearest first. */
export function circuitPath(tree: CircuitTree, circuitId: string): string[] {
  const ids: string[] = [];
  let node = tree.circuits.get(circuitId);
  while (node !== undefined) {
    ids.push(node.id);
    node = node.parentId === undefined ? undefined : tree.circuits.get(node.parentId);
  }
  return ids;
}
