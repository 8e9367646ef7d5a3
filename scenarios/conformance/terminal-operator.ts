import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Operator, OperatorAction, OperatorActionKind } from './operator.js';

/** Options of {@link TerminalOperator}. */
export interface TerminalOperatorOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** Action kinds a person can do at this test bench (default: every kind). */
  readonly kinds?: readonly OperatorActionKind[];
}

/**
 * A person at the test bench: each operator step is printed as an instruction, and the case
 * goes on when they press Enter.
 */
export class TerminalOperator implements Operator {
  readonly #kinds: ReadonlySet<OperatorActionKind> | undefined;

  constructor(private readonly options: TerminalOperatorOptions) {
    this.#kinds = options.kinds === undefined ? undefined : new Set(options.kinds);
  }

  can(kind: OperatorActionKind): boolean {
    return this.#kinds === undefined || this.#kinds.has(kind);
  }

  async perform(_action: OperatorAction, instruction: string): Promise<void> {
    const rl = createInterface({ input: this.options.input, output: this.options.output, terminal: false });
    let answered = false;
    try {
      await new Promise<void>((resolve, reject) => {
        rl.once('close', () => {
          if (!answered) reject(new Error(`no one confirmed "${instruction}" (the terminal input ended)`));
        });
        rl.question(`\n>>> ${instruction}, then press Enter: `).then(() => {
          answered = true;
          resolve();
        }, reject);
      });
    } finally {
      rl.close();
    }
  }

  async tidyUp(): Promise<void> {
    await this.perform(
      { kind: 'unplug', evseId: 1 },
      'Make sure the charger is idle: no cable plugged in, no transaction, network connected',
    );
  }
}
