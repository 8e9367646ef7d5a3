import type { FileHandle } from 'node:fs/promises';
import type { FrameRecord } from '../common/rpc-types.js';

/** Frames written per write call. */
const CHUNK_LINES = 2_000;

/**
 * One line of frames.jsonl: the record as recorded, keys in a fixed order so the same frames
 * always give the same bytes.
 */
export function frameLine(record: FrameRecord): string {
  const ordered = {
    timeMs: record.timeMs,
    direction: record.direction,
    stationId: record.stationId,
    version: record.version,
    messageType: record.messageType,
    messageId: record.messageId,
    action: record.action,
    raw: record.raw,
    verdict: record.verdict,
    violations: record.violations.map((v) => ({
      pointer: v.pointer,
      message: v.message,
      kind: v.kind,
      code: v.code,
    })),
  };
  return JSON.stringify(ordered);
}

/** Writes every frame, one per line, to an open file, in chunks (a day of frames never sits in one string). */
export async function writeFramesJsonl(file: FileHandle, frames: readonly FrameRecord[]): Promise<void> {
  for (let i = 0; i < frames.length; i += CHUNK_LINES) {
    const chunk = frames.slice(i, i + CHUNK_LINES).map(frameLine);
    await file.write(`${chunk.join('\n')}\n`);
  }
}
