/** How an EV's acceptance falls as its battery fills. */
export interface ChargeCurve {
  /** State of charge (%) up to which the EV takes its full AC current (typically 80-90). */
  kneeSocPercent: number;
  /** Fraction of the full current still accepted at 100 % (the taper is linear from the knee). */
  fullSocFraction: number;
}

/** A car type: battery, on-board charger and charge curve. */
export interface EvSpec {
  /** Make and model, e.g. "Tata Nexon EV". */
  name: string;
  /** Usable battery capacity, Wh. */
  batteryWh: number;
  /** Maximum AC current per phase the on-board charger draws, A. */
  maxAcCurrentA: number;
  /** Phases the on-board charger uses. */
  phases: 1 | 3;
  chargeCurve: ChargeCurve;
  /** Below this offered current per phase the EV does not charge (IEC 61851: 6 A). */
  minCurrentA: number;
  /** Share of the drawn AC energy that ends up in the battery (default 0.9). */
  efficiency?: number;
}

/** Acceptance as a fraction of the maximum current at `socPercent`: 1 up to the knee, then a linear taper. */
export function curveFraction(curve: ChargeCurve, socPercent: number): number {
  if (socPercent <= curve.kneeSocPercent) return 1;
  if (socPercent >= 100) return curve.fullSocFraction;
  const t = (socPercent - curve.kneeSocPercent) / (100 - curve.kneeSocPercent);
  return 1 - t * (1 - curve.fullSocFraction);
}

/**
 * Checks a spec and returns it; throws naming the field and the accepted range.
 * @throws Error for a spec no car could have.
 */
export function checkEvSpec(spec: EvSpec): EvSpec {
  const fail = (field: string, rule: string): never => {
    throw new Error(`EV "${spec.name}": ${field} ${rule}`);
  };
  if (!(spec.batteryWh > 0)) fail('batteryWh', `must be positive, got ${spec.batteryWh}`);
  if (!(spec.maxAcCurrentA > 0)) fail('maxAcCurrentA', `must be positive, got ${spec.maxAcCurrentA}`);
  if (spec.phases !== 1 && spec.phases !== 3) fail('phases', `must be 1 or 3, got ${String(spec.phases)}`);
  if (!(spec.minCurrentA >= 0 && spec.minCurrentA <= spec.maxAcCurrentA)) {
    fail(
      'minCurrentA',
      `must be between 0 and maxAcCurrentA (${spec.maxAcCurrentA}), got ${spec.minCurrentA}`,
    );
  }
  const { kneeSocPercent, fullSocFraction } = spec.chargeCurve;
  if (!(kneeSocPercent > 0 && kneeSocPercent < 100)) {
    fail('chargeCurve.kneeSocPercent', `must be between 0 and 100, got ${kneeSocPercent}`);
  }
  if (!(fullSocFraction > 0 && fullSocFraction <= 1)) {
    fail('chargeCurve.fullSocFraction', `must be in (0, 1], got ${fullSocFraction}`);
  }
  if (spec.efficiency !== undefined && !(spec.efficiency > 0 && spec.efficiency <= 1)) {
    fail('efficiency', `must be in (0, 1], got ${spec.efficiency}`);
  }
  return spec;
}
