import type { Command } from 'commander';

/** Registers `ocpp-harness validate` (frames file against the official schemas). */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('validate recorded OCPP-J frames (JSONL) against the official schemas')
    .requiredOption('--version <version>', 'OCPP version of the frames: 1.6 or 2.0.1')
    .argument('<file>', 'JSONL file: one OCPP-J frame per line, or { "direction", "frame" } records')
    .action(() => {
      throw new Error('validate: not yet available');
    });
}
