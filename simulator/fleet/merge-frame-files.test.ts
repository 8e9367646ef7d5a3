import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { mergeFrameFiles } from './merge-frame-files.js';

function line(timeMs: number, stationId: string): string {
  // A frame whose text names a later time must not fool the merge.
  return JSON.stringify({ timeMs, stationId, raw: `[2,"1","DataTransfer",{"timeMs":999999}]` });
}

it('merges frame files into one in time order, ties in the order of the files, every line kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'merge-frames-'));
  const a = join(dir, 'a.jsonl');
  const b = join(dir, 'b.jsonl');
  const c = join(dir, 'c.jsonl');
  writeFileSync(a, [line(1, 'A1'), line(5, 'A5'), line(5, 'A5b'), line(9, 'A9')].join('\n') + '\n');
  writeFileSync(b, [line(2, 'B2'), line(5, 'B5'), '', line(10, 'B10')].join('\n') + '\n');
  writeFileSync(c, '');
  const out = join(dir, 'frames.jsonl');
  expect(await mergeFrameFiles([a, b, c], out)).toBe(7);
  const merged = readFileSync(out, 'utf8').trimEnd().split('\n');
  expect(merged.map((l) => (JSON.parse(l) as { stationId: string }).stationId)).toEqual([
    'A1',
    'B2',
    'A5',
    'A5b',
    'B5',
    'A9',
    'B10',
  ]);
  expect(merged[0]).toBe(line(1, 'A1'));
});

it('a line that is not a frame record is refused, naming the file and line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'merge-frames-'));
  const a = join(dir, 'a.jsonl');
  writeFileSync(a, `${line(1, 'A1')}\n{"stationId":"X"}\n`);
  await expect(mergeFrameFiles([a], join(dir, 'out.jsonl'))).rejects.toThrow(`${a}:2 has no timeMs`);
  writeFileSync(a, `${line(1, 'A1')}\nnot json\n`);
  await expect(mergeFrameFiles([a], join(dir, 'out.jsonl'))).rejects.toThrow(
    `${a}:2 is not a JSON frame record`,
  );
});
