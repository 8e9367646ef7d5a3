import type { AuthorizeRequest, AuthorizeResponse } from '../../../schemas/types/ocpp201.js';
import type { HandlerContext } from '../handler-context.js';
import { checkIdToken, idTokenInfoOf } from './id-token-info.js';

/** 2.0.1 Authorize: the idToken checked against the users' tokens. */
export async function authorize(req: AuthorizeRequest, ctx: HandlerContext): Promise<AuthorizeResponse> {
  return { idTokenInfo: idTokenInfoOf(await checkIdToken(req.idToken, ctx)) };
}
