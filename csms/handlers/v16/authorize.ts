import type { AuthorizeRequest, AuthorizeResponse } from '../../../schemas/types/ocpp16.js';
import type { HandlerContext } from '../handler-context.js';
import { idTagInfoOf } from './id-tag-info.js';

/** 1.6 Authorize: the idTag checked against the users' tokens. */
export async function authorize(req: AuthorizeRequest, ctx: HandlerContext): Promise<AuthorizeResponse> {
  return { idTagInfo: idTagInfoOf(await ctx.services.auth.check(req.idTag, ctx.receivedAtMs)) };
}
