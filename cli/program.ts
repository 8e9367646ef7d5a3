import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerValidateCommand } from './commands/validate-command.js';
import { registerCsmsCommand } from './commands/csms-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerStepsCommand } from './commands/steps-command.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerSimulateCommand } from './commands/simulate-command.js';
import { registerCertifyCommand } from './commands/certify-command.js';
import { registerCheckCsmsCommand } from './commands/check-csms-command.js';

/** Exit codes every command shares. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The package version, read from package.json. */
export function packageVersion(): string {
  // ../package.json from the sources (cli/), ../../package.json from the build (dist/cli/).
  const url = [
    new URL('../package.json', import.meta.url),
    new URL('../../package.json', import.meta.url),
  ].find((u) => existsSync(u));
  if (!url) throw new Error('package.json not found beside the CLI');
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * A usage error found after parsing (a bad option value): exits 2 with the message, which must
 * name the option and say what to change.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Builds the `ocpp-harness` program with every subcommand. */
export function buildProgram(): Command {
  const program = new Command('ocpp-harness')
    .description('Simulation and conformance test harness for OCPP 1.6-J and 2.0.1, with a reference CSMS')
    .version(packageVersion(), '-V, --version', 'print the harness version')
    .showHelpAfterError('(add --help for usage)')
    .enablePositionalOptions()
    .exitOverride();
  registerValidateCommand(program);
  registerCsmsCommand(program);
  registerRunCommand(program);
  registerStepsCommand(program);
  registerCompareCommand(program);
  registerSimulateCommand(program);
  registerCertifyCommand(program);
  registerCheckCsmsCommand(program);
  for (const sub of program.commands) sub.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

/** Runs the CLI with `argv` (user arguments only) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
      if (err.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILED;
  }
}
