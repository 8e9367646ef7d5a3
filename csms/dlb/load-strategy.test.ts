import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import { aSession, anInput, someMeasurements } from './dlb-test-builders.js';
import { loadStrategy, StrategyLoadError } from './load-strategy.js';
import { equalShare } from './strategies/equal-share.js';

describe('loadStrategy', () => {
  it('finds built-ins by name', async () => {
    expect(await loadStrategy('equal-share')).toBe(equalShare);
  });

  it('rejects an unknown name listing the built-ins', async () => {
    await expect(loadStrategy('greedy')).rejects.toThrow(
      /unknown strategy "greedy": use one of equal-share, priority, time-of-use/,
    );
  });

  it('rejects a module that exports no function', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlb-strategy-'));
    const file = join(dir, 'nothing.mjs');
    writeFileSync(file, 'export const x = 1;\n');
    await expect(loadStrategy(file)).rejects.toThrow(StrategyLoadError);
  });

  it("loads a researcher's module, and Anti Overload still caps what it asks for", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlb-strategy-'));
    const file = join(dir, 'greedy.mjs');
    writeFileSync(
      file,
      `export default (input) => input.sessions.map((s) => ({
        sessionId: s.sessionId, chargerId: s.chargerId, perPhaseA: 32, phases: s.phases,
        firstPhase: s.firstPhase, reason: 'greedy: 32 A for all' }));\n`,
    );
    const greedy = await loadStrategy(file);
    const out = allocate(
      anInput({
        sessions: ['CP1', 'CP2', 'CP3'].map((c) => aSession(c)),
        measurements: someMeasurements(20),
      }),
      greedy,
    );
    for (const a of out) {
      expect(a.perPhaseA).toBeCloseTo(37 / 3, 9);
      expect(a.reason).toMatch(/^greedy: 32 A for all; lowered by Anti Overload to fit circuit main on L1/);
    }
  });

  it('pauses what a strategy sets below the minimum and fills in sessions it forgot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlb-strategy-'));
    const file = join(dir, 'odd.mjs');
    writeFileSync(
      file,
      `export const strategy = (input) => [{ sessionId: input.sessions[0].sessionId, chargerId: 'CP1',
        perPhaseA: 3, phases: 3, firstPhase: 'L1', reason: 'three amps' }];\n`,
    );
    const odd = await loadStrategy(file);
    const out = allocate(anInput({ sessions: [aSession('CP1'), aSession('CP2')] }), odd);
    expect(out.map((a) => [a.perPhaseA, a.limitedBy])).toEqual([
      [0, 'paused'],
      [0, 'paused'],
    ]);
    expect(out[0]!.reason).toMatch(/below the 6\.0 A minimum: paused/);
    expect(out[1]!.reason).toBe('the strategy gave no allocation: paused');
  });
});
