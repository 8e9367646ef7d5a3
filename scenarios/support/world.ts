import { World } from '@cucumber/cucumber';
import type { IWorldOptions } from '@cucumber/cucumber';
import type { CaseCollector } from '../../reports/case-collector.js';
import { billedSessions, billingRow } from './billing-ledger.js';
import { findScenarioFile } from './resolve-file.js';
import { runContext } from './run-context.js';
import type { ScenarioRunContext } from './run-context.js';
import { ScenarioInputError } from './run-context.js';
import { ScenarioPlan } from './scenario-plan.js';
import { ScenarioSim } from './scenario-sim.js';

/**
 * The state of one scenario: the plan the Given steps build, then the running simulation the When
 * steps drive and the Then steps check. A fresh World (and so a fresh CSMS, fleet and clock) per
 * scenario; steps never share state any other way.
 */
export class ScenarioWorld extends World {
  readonly plan = new ScenarioPlan();
  #sim: ScenarioSim | undefined;
  #starting: Promise<ScenarioSim> | undefined;
  #context: ScenarioRunContext | undefined;
  #pickleId = '';
  #featureUri = '';
  #collector: CaseCollector | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** Called before the first step: links the World to its report case. */
  begin(pickleId: string, featureUri: string): void {
    this.#context = runContext();
    this.#pickleId = pickleId;
    this.#featureUri = featureUri;
    this.#collector = this.#context.caseFor(pickleId);
    this.plan.csmsUrl = this.#context.csmsUrl;
    if (this.#context.strategyOverride !== undefined) this.plan.strategy = this.#context.strategyOverride;
  }

  /** The run context. */
  get context(): ScenarioRunContext {
    if (this.#context === undefined) throw new Error('the scenario has not begun');
    return this.#context;
  }

  /** The report case of this scenario. */
  get collector(): CaseCollector {
    if (this.#collector === undefined) throw new Error('the scenario has not begun');
    return this.#collector;
  }

  /** True once the simulation runs. */
  get started(): boolean {
    return this.#sim !== undefined || this.#starting !== undefined;
  }

  /**
   * The plan, for a Given step. @throws ScenarioInputError once the simulation runs: set-up steps
   * come before the first When step
   */
  planning(what: string): ScenarioPlan {
    if (this.started) {
      throw new ScenarioInputError(
        `"${what}" sets up the scenario and must come before the first When step (the simulation is already running)`,
      );
    }
    return this.plan;
  }

  /** The running simulation, started on first use from the plan. */
  async sim(): Promise<ScenarioSim> {
    if (this.#sim !== undefined) return this.#sim;
    this.#starting ??= ScenarioSim.start({
      plan: this.plan,
      seed: this.plan.seed ?? this.context.seed,
      collector: this.collector,
      onFrame: (r) => {
        this.collector.recordFrame(r);
        this.context.onFrame?.(this.#pickleId, r);
      },
    });
    this.#sim = await this.#starting;
    return this.#sim;
  }

  /** Resolves a file a step names: as given, beside the feature file, then in scenarios/sites/. */
  resolveFile(path: string): string {
    const found = findScenarioFile(path, this.#featureUri);
    if (found === undefined) {
      throw new ScenarioInputError(
        `no file "${path}" (looked in the working directory, beside ${this.#featureUri} and in scenarios/sites/)`,
      );
    }
    return found;
  }

  /** Records a wrong input so that the run exits 2. */
  inputError(error: ScenarioInputError): void {
    this.context.inputError(this.#pickleId, error);
  }

  /**
   * After the last step: records billing and end-of-run data, stops the simulation and the CSMS.
   * @throws Error listing failures of background work (the scenario fails with them)
   */
  async end(): Promise<void> {
    const sim = this.#sim ?? (await this.#starting?.catch(() => undefined));
    if (sim === undefined) return;
    if (sim.local !== undefined) {
      await sim.local.csms.flush();
      for (const s of await billedSessions(sim.local.csms.store)) this.collector.recordBilling(billingRow(s));
    }
    const invalid = sim.frames.filter((f) => f.verdict === 'invalid' || f.messageType === 'INVALID').length;
    this.collector.setMetric('frames.total', { value: sim.frames.length, label: 'frames recorded' });
    this.collector.setMetric('frames.invalid', {
      value: invalid,
      label: 'frames that failed validation',
      better: 'lower',
      key: true,
    });
    await sim.stop();
    this.context.simulated(this.#pickleId, sim.clock.now() - sim.startMs);
    if (sim.errors.length > 0) {
      throw new Error(
        `background failures during the scenario:\n  ${sim.errors.slice(0, 5).join('\n  ')}${sim.errors.length > 5 ? `\n  … and ${sim.errors.length - 5} more` : ''}`,
      );
    }
  }
}
