import { basename } from 'node:path';
import type { Envelope, GherkinDocument, Pickle, TestStepResult } from '@cucumber/messages';
import type { CaseCollector } from '../../reports/case-collector.js';
import type { RunCollector } from '../../reports/collector.js';
import type { CaseFailure, CaseVerdict, StepStatus } from '../../reports/run-report.js';
import { ALL_STEPS } from '../steps/all-steps.js';
import { findScenarioFile } from '../support/resolve-file.js';
import { DEFAULT_SITE_TIME_ZONE } from '../steps/site-steps.js';
import { loadSite } from '../../simulator/site/load-site.js';
import { unknownStepMessage } from '../support/suggest-steps.js';

/** A scenario's outcome as the runner prints it. */
export interface ScenarioOutcome {
  readonly caseId: string;
  readonly name: string;
  readonly location: string;
  readonly verdict: CaseVerdict;
  readonly failure?: CaseFailure;
  /** The wrong input (a feature's step argument, a site file) that made the verdict ERROR. */
  readonly inputError?: string;
  /** Wall time it took, ms (printed, never written to the report). */
  readonly wallMs: number;
  /** Clock time it simulated, ms. */
  readonly simulatedMs: number;
}

/** A feature file problem found before any scenario ran. */
export interface SourceProblem {
  readonly location: string;
  readonly message: string;
}

interface Running {
  readonly pickle: Pickle;
  readonly collector: CaseCollector;
  readonly stepsByTestStep: Map<string, { pickleStepId?: string; hookId?: string }>;
  readonly pending: Map<string, string[]>;
  readonly wallStart: number;
  failure: CaseFailure | undefined;
  worst: StepStatus | 'passed';
}

const STATUS: Readonly<Record<string, StepStatus>> = {
  PASSED: 'passed',
  FAILED: 'failed',
  SKIPPED: 'skipped',
  PENDING: 'pending',
  UNDEFINED: 'undefined',
  AMBIGUOUS: 'ambiguous',
  UNKNOWN: 'failed',
};

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'scenario'
  );
}

/**
 * Follows cucumber's message stream: opens a report case when a scenario starts, records every
 * step with its status, turns undefined steps into suggestions of the closest known phrases, and
 * finishes the case with its verdict.
 */
export class EnvelopeTracker {
  readonly outcomes: ScenarioOutcome[] = [];
  readonly sourceProblems: SourceProblem[] = [];
  readonly #docs = new Map<string, GherkinDocument>();
  readonly #lines = new Map<string, number>();
  readonly #pickles = new Map<string, Pickle>();
  readonly #testCases = new Map<
    string,
    { pickleId: string; steps: Map<string, { pickleStepId?: string; hookId?: string }> }
  >();
  readonly #running = new Map<string, Running>();
  readonly #byPickle = new Map<string, Running>();
  readonly #usedIds = new Set<string>();

  constructor(
    private readonly run: RunCollector,
    private readonly options: {
      readonly caseIdPrefix?: string;
      readonly inputErrorOf: (pickleId: string) => string | undefined;
      readonly simulatedMsOf: (pickleId: string) => number;
      readonly wallNow: () => number;
      readonly onScenarioStarted?: (name: string) => void;
      readonly onScenarioFinished?: (outcome: ScenarioOutcome) => void;
    },
  ) {}

  /** The report case of a running pickle. */
  caseFor(pickleId: string): CaseCollector {
    const r = this.#byPickle.get(pickleId);
    if (r === undefined) throw new Error(`no running scenario for pickle ${pickleId}`);
    return r.collector;
  }

  /** Takes one message. */
  onMessage(e: Envelope): void {
    if (e.gherkinDocument !== undefined) this.#document(e.gherkinDocument);
    else if (e.parseError !== undefined) {
      const loc = e.parseError.source.location;
      this.sourceProblems.push({
        location: `${e.parseError.source.uri ?? '?'}${loc === undefined ? '' : `:${loc.line}`}`,
        message: e.parseError.message,
      });
    } else if (e.undefinedParameterType !== undefined) {
      this.sourceProblems.push({
        location: e.undefinedParameterType.expression,
        message: `undefined parameter type {${e.undefinedParameterType.name}}`,
      });
    } else if (e.pickle !== undefined) this.#pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase !== undefined) {
      const steps = new Map(
        e.testCase.testSteps.map((s) => [
          s.id,
          {
            ...(s.pickleStepId === undefined ? {} : { pickleStepId: s.pickleStepId }),
            ...(s.hookId === undefined ? {} : { hookId: s.hookId }),
          },
        ]),
      );
      this.#testCases.set(e.testCase.id, { pickleId: e.testCase.pickleId, steps });
    } else if (e.testCaseStarted !== undefined)
      this.#started(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
    else if (e.attachment !== undefined) {
      const r =
        e.attachment.testCaseStartedId === undefined
          ? undefined
          : this.#running.get(e.attachment.testCaseStartedId);
      if (r !== undefined && e.attachment.testStepId !== undefined) {
        const list = r.pending.get(e.attachment.testStepId) ?? [];
        list.push(e.attachment.body);
        r.pending.set(e.attachment.testStepId, list);
      }
    } else if (e.testStepFinished !== undefined) {
      const f = e.testStepFinished;
      this.#stepFinished(f.testCaseStartedId, f.testStepId, f.testStepResult);
    } else if (e.testCaseFinished !== undefined) this.#finished(e.testCaseFinished.testCaseStartedId);
  }

  #document(doc: GherkinDocument): void {
    if (doc.uri !== undefined) this.#docs.set(doc.uri, doc);
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(visit);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      const o = node as Record<string, unknown>;
      const loc = o.location as { line?: number } | undefined;
      if (typeof o.id === 'string' && loc?.line !== undefined) this.#lines.set(o.id, loc.line);
      for (const v of Object.values(o)) if (typeof v === 'object') visit(v);
    };
    visit(doc.feature);
  }

  #location(pickle: Pickle, astNodeIds: readonly string[]): string {
    const line = astNodeIds.map((id) => this.#lines.get(id)).find((l) => l !== undefined);
    return `${pickle.uri}${line === undefined ? '' : `:${line}`}`;
  }

  #started(startedId: string, testCaseId: string): void {
    const tc = this.#testCases.get(testCaseId);
    const pickle = tc === undefined ? undefined : this.#pickles.get(tc.pickleId);
    if (tc === undefined || pickle === undefined) return;
    const feature = this.#docs.get(pickle.uri)?.feature?.name ?? basename(pickle.uri);
    const base = `${this.options.caseIdPrefix ?? ''}${basename(pickle.uri, '.feature')}/${slug(pickle.name)}`;
    let id = base;
    for (let n = 2; this.#usedIds.has(id); n++) id = `${base}-${n}`;
    this.#usedIds.add(id);
    const collector = this.run.startCase({
      id,
      name: pickle.name,
      group: feature,
      tags: pickle.tags.map((t) => t.name),
      timeZone: siteTimeZone(pickle),
    });
    const r: Running = {
      pickle,
      collector,
      stepsByTestStep: tc.steps,
      pending: new Map(),
      wallStart: this.options.wallNow(),
      failure: undefined,
      worst: 'passed',
    };
    this.#running.set(startedId, r);
    this.#byPickle.set(pickle.id, r);
    this.options.onScenarioStarted?.(pickle.name);
  }

  #stepFinished(startedId: string, testStepId: string, result: TestStepResult): void {
    const r = this.#running.get(startedId);
    if (r === undefined) return;
    const ref = r.stepsByTestStep.get(testStepId);
    const status = STATUS[result.status] ?? 'failed';
    const pickleStep = r.pickle.steps.find((s) => s.id === ref?.pickleStepId);
    if (pickleStep === undefined) {
      // a Before/After hook: only its failure matters
      if (status === 'failed') {
        this.#fail(r, status, {
          message: firstLine(result.message ?? 'the scenario could not be set up or shut down'),
          location: r.pickle.uri,
          ...(result.message === undefined ? {} : { stack: result.message }),
        });
        r.collector.addStep({
          keyword: 'Hook',
          text: 'scenario set-up / shut-down',
          status,
          durationMs: 0,
          message: result.message ?? '',
        });
      }
      return;
    }
    const keyword = (this.#keywordOf(pickleStep.astNodeIds) ?? '*').trim();
    const location = this.#location(r.pickle, pickleStep.astNodeIds);
    let message: string | undefined;
    if (status === 'undefined') message = unknownStepMessage(pickleStep.text, ALL_STEPS);
    else if (status === 'pending')
      message = `pending: ${(r.pending.get(testStepId) ?? ['not implemented yet']).join('; ')}`;
    else if (status === 'ambiguous' || status === 'failed') message = result.message ?? status;
    r.collector.addStep({
      keyword,
      text: pickleStep.text,
      status,
      durationMs: 0,
      ...(message === undefined ? {} : { message }),
    });
    if (status !== 'passed' && status !== 'skipped') {
      this.#fail(r, status, {
        message: `${keyword} ${pickleStep.text}: ${firstLine(message ?? status)}`,
        location,
        ...(message !== undefined && message.includes('\n') ? { stack: message } : {}),
      });
    }
  }

  #keywordOf(astNodeIds: readonly string[]): string | undefined {
    for (const doc of this.#docs.values()) {
      const found = findStepKeyword(doc, astNodeIds);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  #fail(r: Running, status: StepStatus, failure: CaseFailure): void {
    if (r.failure === undefined) r.failure = failure;
    if (r.worst === 'passed') r.worst = status;
  }

  #finished(startedId: string): void {
    const r = this.#running.get(startedId);
    if (r === undefined) return;
    this.#running.delete(startedId);
    const inputError = this.options.inputErrorOf(r.pickle.id);
    const verdict: CaseVerdict =
      inputError !== undefined ? 'ERROR' : r.failure !== undefined ? 'FAIL' : 'PASS';
    const simulatedMs = this.options.simulatedMsOf(r.pickle.id);
    r.collector.finish({
      verdict,
      durationMs: simulatedMs,
      ...(r.failure === undefined ? {} : { failure: r.failure }),
    });
    const outcome: ScenarioOutcome = {
      caseId: r.collector.info.id,
      name: r.pickle.name,
      location: this.#location(r.pickle, r.pickle.astNodeIds),
      verdict,
      ...(r.failure === undefined ? {} : { failure: r.failure }),
      ...(inputError === undefined ? {} : { inputError }),
      wallMs: this.options.wallNow() - r.wallStart,
      simulatedMs,
    };
    this.outcomes.push(outcome);
    this.options.onScenarioFinished?.(outcome);
  }
}

/** Time zone of a scenario's site file when it names one, else the default site's (Asia/Kolkata). */
function siteTimeZone(pickle: Pickle): string {
  for (const s of pickle.steps) {
    const m = /^a site from "([^"]+)"$/.exec(s.text);
    const file = m === null ? undefined : findScenarioFile(m[1]!, pickle.uri);
    if (file === undefined) continue;
    try {
      return loadSite(file).timeZone;
    } catch {
      // the step itself reports a bad site file
    }
  }
  return DEFAULT_SITE_TIME_ZONE;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function findStepKeyword(doc: GherkinDocument, ids: readonly string[]): string | undefined {
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string' && ids.includes(o.id) && typeof o.keyword === 'string' && 'text' in o) {
      found = o.keyword;
      return;
    }
    for (const v of Object.values(o)) if (typeof v === 'object') visit(v);
  };
  visit(doc.feature);
  return found;
}
