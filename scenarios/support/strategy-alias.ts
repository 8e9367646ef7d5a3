import type { HomeModes } from '../../csms/dlb/dlb-settings.js';
import { ScenarioInputError } from './run-context.js';

/** A strategy as the load balancer takes it: a built-in name or module path, plus modes it implies. */
export interface ResolvedStrategy {
  readonly strategyName: string;
  readonly modes: Partial<HomeModes>;
}

/**
 * Strategy names scenarios and `compare` accept beyond the load balancer's own: `pv-surplus` is
 * equal sharing of the PV surplus only (the PV Dynamic Balance mode on top of equal-share).
 */
export const STRATEGY_ALIASES: Readonly<Record<string, ResolvedStrategy>> = {
  'pv-surplus': { strategyName: 'equal-share', modes: { pvDynamic: true } },
};

/** Resolves a strategy name, an alias, or a module path. */
export function resolveStrategy(name: string): ResolvedStrategy {
  return STRATEGY_ALIASES[name] ?? { strategyName: name, modes: {} };
}

/** The home-charging modes by the names a site engineer uses. */
const MODE_NAMES: Readonly<Record<string, keyof HomeModes | 'antiOverload'>> = {
  extreme: 'extreme',
  nightfullspeed: 'nightFullSpeed',
  night: 'nightFullSpeed',
  pvdynamicbalance: 'pvDynamic',
  pvdynamic: 'pvDynamic',
  minpv: 'minPlusPv',
  antioverload: 'antiOverload',
};

/** The names {@link modeKey} accepts, for messages and the step list. */
export const MODE_LABELS = ['Anti Overload', 'PV Dynamic Balance', 'Min+PV', 'Night Full Speed', 'Extreme'];

/**
 * The mode toggle a name means (`PV Dynamic Balance`, `Night Full Speed`, `Extreme`, `Min+PV`);
 * `Anti Overload` is always on and cannot be switched off.
 * @throws ScenarioInputError for an unknown name or switching Anti Overload off
 */
export function modeKey(name: string, on: boolean): keyof HomeModes | undefined {
  const key = MODE_NAMES[name.toLowerCase().replace(/[^a-z]/g, '')];
  if (key === undefined) {
    throw new ScenarioInputError(`unknown mode "${name}": use one of ${MODE_LABELS.join(', ')}`);
  }
  if (key === 'antiOverload') {
    if (!on) throw new ScenarioInputError('Anti Overload protects the main fuse and is always on');
    return undefined;
  }
  return key;
}
