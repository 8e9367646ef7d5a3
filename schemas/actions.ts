import type { OcppVersion } from '../common/ocpp-version.js';
import type { FrameDirection } from '../common/rpc-types.js';
import type { OcppActionInfo } from './action-info.js';
import { V16_ACTIONS } from './types/ocpp16.js';
import { V201_ACTIONS } from './types/ocpp201.js';

const CATALOGUE: Record<OcppVersion, ReadonlyMap<string, OcppActionInfo>> = {
  '1.6': new Map(V16_ACTIONS.map((a) => [a.action, a])),
  '2.0.1': new Map(V201_ACTIONS.map((a) => [a.action, a])),
};

/** Every action of `version` (each has a request and a response schema), in name order. */
export function actionsOf(version: OcppVersion): readonly OcppActionInfo[] {
  return [...CATALOGUE[version].values()];
}

/** The catalogue entry of `action` in `version`, or undefined when the version has no such action. */
export function actionInfo(version: OcppVersion, action: string): OcppActionInfo | undefined {
  return CATALOGUE[version].get(action);
}

/** True when `action` is sent in `direction` in `version` (DataTransfer travels both ways). */
export function travels(version: OcppVersion, action: string, direction: FrameDirection): boolean {
  return CATALOGUE[version].get(action)?.directions.includes(direction) ?? false;
}
