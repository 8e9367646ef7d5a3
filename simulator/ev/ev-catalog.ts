import type { EvSpec } from './ev-spec.js';

/** A car type with its share of the simulated fleet. */
export interface WeightedEvSpec {
  spec: EvSpec;
  /** Relative frequency (any non-negative number). */
  weight: number;
}

const TAPER_80 = { kneeSocPercent: 80, fullSocFraction: 0.25 } as const;
const TAPER_85 = { kneeSocPercent: 85, fullSocFraction: 0.3 } as const;
const TAPER_90 = { kneeSocPercent: 90, fullSocFraction: 0.35 } as const;

function car(
  name: string,
  batteryKWh: number,
  maxAcCurrentA: number,
  phases: 1 | 3,
  curve: EvSpec['chargeCurve'],
): EvSpec {
  return {
    name,
    batteryWh: batteryKWh * 1000,
    maxAcCurrentA,
    phases,
    chargeCurve: { ...curve },
    minCurrentA: 6,
  };
}

/**
 * Real car types with plausible public specifications (usable battery, on-board AC charger), and
 * weights loosely following home charging in India, where the first deployments ran.
 */
export const EV_CATALOG: readonly WeightedEvSpec[] = [
  { spec: car('Tata Nexon EV', 40.5, 32, 1, TAPER_80), weight: 24 },
  { spec: car('Tata Tiago EV', 24, 16, 1, TAPER_80), weight: 10 },
  { spec: car('MG ZS EV', 50.3, 32, 1, TAPER_85), weight: 12 },
  { spec: car('Mahindra XUV400', 39.4, 32, 1, TAPER_80), weight: 8 },
  { spec: car('Hyundai Kona Electric', 64, 16, 3, TAPER_85), weight: 6 },
  { spec: car('BYD Atto 3', 60.5, 16, 3, TAPER_85), weight: 8 },
  { spec: car('Tesla Model 3', 57.5, 16, 3, TAPER_90), weight: 8 },
  { spec: car('Volkswagen ID.3', 58, 16, 3, TAPER_90), weight: 8 },
  { spec: car('Renault Zoe', 52, 32, 3, TAPER_85), weight: 5 },
  { spec: car('Nissan Leaf', 39, 29, 1, TAPER_80), weight: 5 },
];

/** The catalogue entry named `name` (case-insensitive), or undefined. */
export function findEvSpec(name: string): EvSpec | undefined {
  const wanted = name.toLowerCase();
  return EV_CATALOG.find((e) => e.spec.name.toLowerCase() === wanted)?.spec;
}
