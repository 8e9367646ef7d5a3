import type { IdTokenInfoType } from '../../../schemas/types/ocpp201.js';
import type { IdTokenDecision } from '../../auth/authorization-service.js';
import { isoAt } from '../handler-context.js';
import type { HandlerContext } from '../handler-context.js';

/** Maps a token decision to a 2.0.1 idTokenInfo. */
export function idTokenInfoOf(decision: IdTokenDecision): IdTokenInfoType {
  return {
    status: decision.status,
    ...(decision.expiresAtMs === undefined ? {} : { cacheExpiryDateTime: isoAt(decision.expiresAtMs) }),
  };
}

/** Token types the CSMS does not look up: no authorization needed, or one the CSMS itself issued. */
const NOT_LOOKED_UP = new Set(['NoAuthorization']);

/** Checks a 2.0.1 idToken (a `NoAuthorization` token is accepted as such). */
export async function checkIdToken(
  idToken: { idToken: string; type: string },
  ctx: HandlerContext,
): Promise<IdTokenDecision> {
  if (NOT_LOOKED_UP.has(idToken.type)) return { status: 'Accepted' };
  return ctx.services.auth.check(idToken.idToken, ctx.receivedAtMs);
}
