import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ALL_STEPS } from '../../scenarios/steps/all-steps.js';
import {
  renderStepsMarkdown,
  renderStepsText,
  replaceCatalogue,
} from '../../scenarios/runner/step-catalogue.js';
import { packageRoot } from '../../scenarios/support/package-root.js';

/** Options of `ocpp-harness steps`. */
export interface StepsCommandOptions {
  readonly markdown?: boolean;
  readonly updateReadme?: boolean;
}

/** Registers `ocpp-harness steps`. */
export function registerStepsCommand(program: Command): void {
  program
    .command('steps')
    .description(
      'print every step phrase of the scenario language with an example, from the step definitions',
    )
    .option('--markdown', 'print the list as Markdown (as in scenarios/README.md)')
    .option('--update-readme', 'rewrite the generated step list in scenarios/README.md')
    .action((options: StepsCommandOptions) => {
      if (options.updateReadme === true) {
        const file = join(packageRoot(), 'scenarios', 'README.md');
        writeFileSync(file, replaceCatalogue(readFileSync(file, 'utf8'), renderStepsMarkdown(ALL_STEPS)));
        process.stdout.write(`updated ${file}\n`);
        return;
      }
      process.stdout.write(
        options.markdown === true ? renderStepsMarkdown(ALL_STEPS) : renderStepsText(ALL_STEPS),
      );
    });
}
