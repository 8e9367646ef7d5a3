import type { IdTagInfo } from '../../../schemas/types/ocpp16.js';
import type { IdTokenDecision } from '../../auth/authorization-service.js';
import { isoAt } from '../handler-context.js';

/** Maps a token decision to a 1.6 idTagInfo. */
export function idTagInfoOf(decision: IdTokenDecision): IdTagInfo {
  return {
    status: decision.status === 'Unknown' ? 'Invalid' : decision.status,
    ...(decision.expiresAtMs === undefined ? {} : { expiryDate: isoAt(decision.expiresAtMs) }),
    ...(decision.parentIdTag === undefined ? {} : { parentIdTag: decision.parentIdTag }),
  };
}
