import type { FileHandle } from 'node:fs/promises';
import type { FrameRecord } from '../common/rpc-types.js';

/** Frames written per write call. */
const CHUNK_LINES = 2_000;

const ORDER = [
  'timeMs',
  'direction',
  'stationId',
  'version',
  'messageType',
  'messageId',
  'action',
  'raw',
  'verdict',
  'violations',
] as const;

/**
 * One line of frames.jsonl: the record as recorded, keys in a fixed order (any key a newer record
 * carries follows, sorted) so that the same frames always give the same bytes.
 */
export function frameLine(record: FrameRecord): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ORDER) ordered[key] = record[key];
  ordered.violations = record.violations.map((v) => ({
    pointer: v.pointer,
    message: v.message,
    kind: v.kind,
    code: v.code,
  }));
  const known: readonly string[] = ORDER;
  for (const key of Object.keys(record).sort()) {
    if (!known.includes(key)) ordered[key] = (record as unknown as Record<string, unknown>)[key];
  }
  return JSON.stringify(ordered);
}

/** Writes every frame, one per line, to an open file, in chunks (a day of frames never sits in one string). */
export async function writeFramesJsonl(file: FileHandle, frames: readonly FrameRecord[]): Promise<void> {
  for (let i = 0; i < frames.length; i += CHUNK_LINES) {
    const chunk = frames.slice(i, i + CHUNK_LINES).map(frameLine);
    await file.write(`${chunk.join('\n')}\n`);
  }
}
