import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { subprotocolOf } from '../../common/ocpp-version.js';
import { RpcEndpoint } from '../../common/rpc-endpoint.js';
import type { FrameValidator } from '../../common/rpc-types.js';
import type { Transport } from '../../common/transport.js';
import { defaultValidator } from '../../schemas/validator.js';
import { ClockWait } from './clock-wait.js';
import { PeerSession } from './peer-session.js';
import { csmsSideAnswers } from './station-answers.js';

/** Options of {@link connectToCsms}. */
export interface CsmsHarnessOptions {
  readonly version: OcppVersion;
  /** The CSMS's OCPP base URL, e.g. `ws://host:9000/ocpp` (the station id is appended). */
  readonly csmsUrl: string;
  readonly stationId: string;
  readonly clock: Clock;
  readonly transport: Transport;
  readonly validator?: FrameValidator;
  /** Extra handshake headers (e.g. Basic auth the CSMS asks for). */
  readonly headers?: Record<string, string>;
}

/**
 * Connects the harness's scripted charger to a CSMS under test: the CSMS's frames are recorded
 * with their schema verdicts and never refused, its commands answered as the running case says.
 * @throws Error naming the URL and the CSMS's refusal when the connection cannot be opened
 */
export async function connectToCsms(options: CsmsHarnessOptions): Promise<PeerSession> {
  const { version, clock } = options;
  const wait = new ClockWait(clock);
  const session = new PeerSession(version, 'station', options.stationId, wait, csmsSideAnswers(version));
  let connection;
  try {
    connection = await options.transport.connect(
      options.csmsUrl,
      options.stationId,
      [subprotocolOf(version)],
      options.headers === undefined ? {} : { headers: options.headers },
    );
  } catch (error) {
    throw new Error(
      `cannot connect to the CSMS at ${options.csmsUrl}/${options.stationId} with OCPP ${version}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  session.attach(
    new RpcEndpoint({
      connection,
      version,
      side: 'station',
      clock,
      validator: options.validator ?? defaultValidator(),
      strictness: 'record',
      tap: session.tap,
      onHandlerError: () => undefined,
    }),
  );
  return session;
}
