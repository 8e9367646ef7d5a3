import type { WebSocket } from 'ws';

/**
 * Calls `listener` once when `ws` closes, with the close code and reason this end should report.
 * Errors (an oversize frame, a reset) are followed by 'close'. When ws refused a frame it sends the
 * close code (1009 for an oversize frame) but stops reading, so its own 'close' reports 1006: the
 * code it sent is reported instead, with the error's message as the reason.
 */
export function onReportedClose(ws: WebSocket, listener: (code: number, reason: string) => void): void {
  let refusedWith: number | undefined;
  let refusedBecause = '';
  ws.on('error', (err) => {
    if (refusedWith !== undefined) return;
    refusedWith = statusCodeOf(err);
    refusedBecause = err.message;
  });
  ws.once('close', (wireCode: number, wireReason: Buffer) => {
    if (wireCode === 1006 && refusedWith !== undefined) listener(refusedWith, refusedBecause);
    else listener(wireCode, wireReason.toString('utf8'));
  });
}

/** A received message's data as text. */
export function wsDataToString(data: unknown): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** The close code ws attached to a protocol error (under its `status-code` symbol), if any. */
function statusCodeOf(err: Error): number | undefined {
  for (const sym of Object.getOwnPropertySymbols(err)) {
    if (sym.description === 'status-code') {
      const value = (err as unknown as Record<symbol, unknown>)[sym];
      return typeof value === 'number' ? value : undefined;
    }
  }
  return undefined;
}
