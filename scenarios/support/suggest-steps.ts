import type { StepSpec } from './step-library.js';

/** Edit distance between two word sequences (insert, delete, replace a word). */
function wordDistance(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + same));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Words of a step text with quoted strings, numbers and units reduced to placeholders. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/"[^"]*"/g, ' {string} ')
    .replace(/\{[a-z]+\}/g, (m) => ` ${m === '{string}' ? '{string}' : '{value}'} `)
    .replace(/\d+(?:[.:]\d+)*\s*[a-z]{0,3}\b/g, ' {value} ')
    .replace(/[()/]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}

/**
 * The known phrases closest to an unknown step text, best first (at most `max`), each as its
 * expression with an example.
 */
export function closestSteps(text: string, steps: readonly StepSpec[], max = 3): StepSpec[] {
  const target = words(text);
  return steps
    .map((s, i) => {
      const d = Math.min(wordDistance(target, words(s.expression)), wordDistance(target, words(s.example)));
      return { s, i, d };
    })
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, max)
    .map(({ s }) => s);
}

/** A message for an unknown step: what was written and the closest known phrases. */
export function unknownStepMessage(text: string, steps: readonly StepSpec[]): string {
  const near = closestSteps(text, steps);
  return [
    `unknown step "${text}". Closest known phrases:`,
    ...near.map((s) => `  ${s.keyword} ${s.expression}    e.g. ${s.keyword} ${s.example}`),
    'Run `ocpp-harness steps` for every phrase.',
  ].join('\n');
}
