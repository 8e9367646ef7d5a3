import { describe, expect, it } from 'vitest';
import { buildCircuitTree, circuitPath, CircuitTreeError } from './circuit-tree.js';
import type { ChargerConfig, CircuitConfig } from './circuit-tree.js';

describe('buildCircuitTree', () => {
  it('fills defaults and indexes circuits and chargers', () => {
    const tree = buildCircuitTree(
      {
        id: 'main',
        maxPerPhaseA: 60,
        circuits: [
          { id: 'garage', maxPerPhaseA: 32, chargers: [{ id: 'CP1', phases: 1, firstPhase: 'L3' }] },
        ],
      },
      [{ id: 'VIP', maxHardwarePowerKw: 11 }],
    );
    expect(tree.circuits.size).toBe(2);
    expect(tree.chargers.get('CP1')).toEqual({
      id: 'CP1',
      stationId: 'CP1',
      connectorId: 1,
      phases: 1,
      firstPhase: 'L3',
      maxCurrentA: 32,
      minCurrentA: 6,
      circuitId: 'garage',
    });
    // 11 kW on 3 phases at 230 V is 15.94 A per phase.
    expect(tree.chargers.get('VIP')!.maxCurrentA).toBeCloseTo(11000 / 690, 9);
    expect(tree.chargers.get('VIP')!.circuitId).toBeUndefined();
    expect(circuitPath(tree, 'garage')).toEqual(['garage', 'main']);
  });

  const ok: CircuitConfig = { id: 'main', maxPerPhaseA: 60 };
  it.each<{ name: string; main: CircuitConfig; dedicated?: ChargerConfig[]; message: RegExp }>([
    {
      name: 'main without a current limit',
      main: { id: 'main', maxPowerKw: 40 },
      message: /main\.maxPerPhaseA: the main breaker needs/,
    },
    {
      name: 'negative limit',
      main: { id: 'main', maxPerPhaseA: -5 },
      message: /main\.maxPerPhaseA: .*positive number, got -5/,
    },
    {
      name: 'sub-panel without a limit',
      main: { ...ok, circuits: [{ id: 'f1' }] },
      message: /main\.circuits\[0\]: circuit "f1" needs maxPerPhaseA/,
    },
    {
      name: 'duplicate circuit id',
      main: { ...ok, circuits: [{ id: 'main', maxPerPhaseA: 10 }] },
      message: /circuit id "main" is used twice/,
    },
    {
      name: 'duplicate charger id',
      main: { ...ok, chargers: [{ id: 'A' }, { id: 'A' }] },
      message: /main\.chargers\[1\]\.id: charger id "A" is used twice/,
    },
    {
      name: 'bad phases',
      main: { ...ok, chargers: [{ id: 'A', phases: 4 as 3 }] },
      message: /chargers\[0\]\.phases: phases must be 1, 2 or 3, got 4/,
    },
    {
      name: 'bad phase rotation',
      main: { ...ok, chargers: [{ id: 'A', firstPhase: 'L4' as 'L1' }] },
      message: /firstPhase must be one of L1, L2, L3/,
    },
    {
      name: 'minimum above cap',
      main: { ...ok, chargers: [{ id: 'A', maxCurrentA: 5 }] },
      message: /minCurrentA 6 A is above the charger's cap 5 A/,
    },
    {
      name: 'power cap below minimum',
      main: { ...ok, chargers: [{ id: 'A', phases: 1, maxHardwarePowerKw: 1 }] },
      message: /above the charger's cap 4\.35 A/,
    },
    {
      name: 'bad connector id',
      main: { ...ok, chargers: [{ id: 'A', connectorId: 0 }] },
      message: /connectorId must be an integer >= 1/,
    },
    {
      name: 'same station connector twice',
      main: {
        ...ok,
        chargers: [
          { id: 'A', stationId: 'S' },
          { id: 'B', stationId: 'S' },
        ],
      },
      message: /station "S" connector 1 appears twice/,
    },
    {
      name: 'dedicated charger reusing a tree id',
      main: { ...ok, chargers: [{ id: 'A' }] },
      dedicated: [{ id: 'A' }],
      message: /dedicated\[0\]\.id: charger id "A" is used twice/,
    },
  ])('rejects $name with a message naming the field', ({ main, dedicated, message }) => {
    expect(() => buildCircuitTree(main, dedicated)).toThrow(CircuitTreeError);
    expect(() => buildCircuitTree(main, dedicated)).toThrow(message);
  });
});
