import type { HeartbeatRequest, HeartbeatResponse } from '../../../schemas/types/ocpp201.js';
import type { HandlerContext } from '../handler-context.js';
import { isoAt } from '../handler-context.js';

/** 2.0.1 Heartbeat: records it and answers with the CSMS time. */
export async function heartbeat(_req: HeartbeatRequest, ctx: HandlerContext): Promise<HeartbeatResponse> {
  await ctx.services.stations.heartbeat(ctx.stationId, ctx.receivedAtMs);
  return { currentTime: isoAt(ctx.services.clock.now()) };
}
