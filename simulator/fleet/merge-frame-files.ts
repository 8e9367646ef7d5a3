import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** A FrameRecord line as `JSON.stringify` writes it starts with its time. */
const LEADING_TIME = /^\{"timeMs":(-?\d+(?:\.\d+)?),/;

/** The `timeMs` of one frames.jsonl line. @throws Error naming the file and line when it has none */
function timeOf(line: string, path: string, lineNo: number): number {
  const match = LEADING_TIME.exec(line);
  if (match !== null) return Number(match[1]);
  let time: unknown;
  try {
    time = (JSON.parse(line) as { timeMs?: unknown }).timeMs;
  } catch {
    throw new Error(`${path}:${lineNo} is not a JSON frame record`);
  }
  if (typeof time !== 'number') throw new Error(`${path}:${lineNo} has no timeMs`);
  return time;
}

interface Head {
  readonly lines: AsyncIterator<string>;
  readonly path: string;
  lineNo: number;
  line: string | undefined;
  timeMs: number;
}

async function advance(head: Head): Promise<void> {
  for (;;) {
    const next = await head.lines.next();
    if (next.done === true) {
      head.line = undefined;
      return;
    }
    head.lineNo++;
    if (next.value === '') continue;
    head.line = next.value;
    head.timeMs = timeOf(next.value, head.path, head.lineNo);
    return;
  }
}

/**
 * Merges frames.jsonl files, each in time order, into one in time order (frames of the same
 * millisecond in the order of `inputs`, then of their file), streaming: memory does not grow with
 * the files. Returns the number of frames written.
 */
export async function mergeFrameFiles(inputs: readonly string[], output: string): Promise<number> {
  const out = createWriteStream(output, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => undefined);
  const heads: Head[] = inputs.map((path) => ({
    lines: createInterface({ input: createReadStream(path), crlfDelay: Infinity })[Symbol.asyncIterator](),
    path,
    lineNo: 0,
    line: undefined,
    timeMs: 0,
  }));
  let written = 0;
  try {
    await Promise.all(heads.map(advance));
    for (;;) {
      let first: Head | undefined;
      for (const head of heads) {
        if (head.line !== undefined && (first === undefined || head.timeMs < first.timeMs)) first = head;
      }
      if (first === undefined) break;
      written++;
      if (!out.write(`${first.line}\n`)) await Promise.race([once(out, 'drain'), failed]);
      await advance(first);
    }
  } finally {
    for (const head of heads) await head.lines.return?.();
    out.end();
  }
  await Promise.race([once(out, 'finish'), failed]);
  return written;
}
