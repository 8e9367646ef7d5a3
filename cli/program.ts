import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error.js';

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error.js';

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

type Register = (program: Command) => void;

/** Each subcommand's module, loaded when the command is registered (in the order help lists them). */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate-command.js')).registerValidateCommand,
  csms: async () => (await import('./commands/csms-command.js')).registerCsmsCommand,
  run: async () => (await import('./commands/run-command.js')).registerRunCommand,
  steps: async () => (await import('./commands/steps-command.js')).registerStepsCommand,
  compare: async () => (await import('./commands/compare-command.js')).registerCompareCommand,
  simulate: async () => (await import('./commands/simulate-command.js')).registerSimulateCommand,
  certify: async () => (await import('./commands/certify-command.js')).registerCertifyCommand,
  'check-csms': async () => (await import('./commands/check-csms-command.js')).registerCheckCsmsCommand,
};

/**
 * Builds the `ocpp-harness` program. When `argv` starts with a command's name only that command
 * is loaded, so that `ocpp-harness csms` holds no simulator, scenario runner or fake-data library;
 * otherwise (help, `--version`, an unknown command) every subcommand is.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('ocpp-harness')
    .description('Simulation and conformance test harness for OCPP 1.6-J and 2.0.1, with a reference CSMS')
    .version(packageVersion(), '-V, --version', 'print the harness version')
    .showHelpAfterError('(add --help for usage)')
    .enablePositionalOptions()
    .exitOverride();
  const first = argv[0];
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program);
  for (const sub of program.commands) sub.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

/** Runs the CLI with `argv` (user arguments only) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
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
