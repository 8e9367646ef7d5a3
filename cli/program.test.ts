import { expect, it } from 'vitest';
import { buildProgram } from './program.js';

const ALL = ['validate', 'csms', 'run', 'steps', 'compare', 'simulate', 'certify', 'check-csms'];

it.each([
  [['csms', '--port', '0'], ['csms']],
  [['check-csms', '--help'], ['check-csms']],
  [[], ALL],
  [['--help'], ALL],
  [['help', 'simulate'], ALL],
  [['nosuch'], ALL],
  [['toString'], ALL],
])('argv %j registers %j', async (argv, commands) => {
  const program = await buildProgram(argv);
  expect(program.commands.map((c) => c.name())).toEqual(commands);
});
