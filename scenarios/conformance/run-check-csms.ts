import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Transport } from '../../common/transport.js';
import { runCase, type RunnerTimeouts } from './case-runner.js';
import type { CaseResult } from './case-result.js';
import type { ConformanceCase } from './conformance-case.js';
import { connectToCsms } from './csms-harness.js';
import type { Operator } from './operator.js';
import { verdictNote, type ConformanceRun } from './run-certify.js';

/** Options of {@link runCheckCsms}. */
export interface CheckCsmsOptions {
  readonly version: OcppVersion;
  /** The CSMS's OCPP base URL (the station id is appended). */
  readonly csmsUrl: string;
  /** The identity the harness's charger uses. */
  readonly stationId: string;
  /** An id tag the CSMS accepts, and one it does not know. */
  readonly idTag: string;
  readonly unknownIdTag: string;
  readonly cases: readonly ConformanceCase[];
  readonly clock: Clock;
  readonly transport: Transport;
  /** Makes the CSMS send the commands the cases need (a person at its console, or its API). */
  readonly operator: Operator;
  readonly headers?: Record<string, string>;
  readonly timeouts?: Partial<RunnerTimeouts>;
  readonly log?: (line: string) => void;
}

/**
 * Checks a CSMS: the harness connects as a charger and runs each CSMS-side case, judging every
 * frame the CSMS sends (schema, message ids, answer time, error codes for bad frames).
 * @throws Error when the CSMS cannot be reached (the message names the URL)
 */
export async function runCheckCsms(options: CheckCsmsOptions): Promise<ConformanceRun> {
  const { clock, log = () => undefined } = options;
  const startedAtMs = clock.now();
  const session = await connectToCsms({
    version: options.version,
    csmsUrl: options.csmsUrl,
    stationId: options.stationId,
    clock,
    transport: options.transport,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
  session.baseVars = {
    idTag: options.idTag,
    unknownIdTag: options.unknownIdTag,
    txPrefix: `${options.stationId.slice(0, 16)}-${startedAtMs.toString(36)}`,
  };
  log(`connected to ${options.csmsUrl}/${options.stationId} (OCPP ${options.version})`);
  try {
    const results: CaseResult[] = [];
    for (const testCase of options.cases) {
      if (!session.connected) {
        results.push(notRun(testCase, clock.now(), 'the CSMS closed the connection in an earlier case'));
        continue;
      }
      const result = await runCase(testCase, {
        session,
        operator: options.operator,
        ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      });
      results.push(result);
      log(`${result.verdict.padEnd(14)} ${testCase.id} ${testCase.title}${verdictNote(result)}`);
    }
    return { results, frames: [...session.frames], startedAtMs, endedAtMs: clock.now() };
  } finally {
    if (session.connected) await session.endpoint.close(1000, 'conformance run over');
  }
}

function notRun(testCase: ConformanceCase, nowMs: number, message: string): CaseResult {
  return {
    testCase,
    verdict: 'FAIL',
    failure: { message: `${message} (${testCase.specRef})`, location: testCase.specRef },
    steps: [],
    startedAtMs: nowMs,
    endedAtMs: nowMs,
    frameRange: [0, 0],
  };
}
