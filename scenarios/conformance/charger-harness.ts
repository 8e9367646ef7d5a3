import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { subprotocolOf } from '../../common/ocpp-version.js';
import { RpcEndpoint } from '../../common/rpc-endpoint.js';
import type { FrameValidator } from '../../common/rpc-types.js';
import type { Transport, TransportServer } from '../../common/transport.js';
import { defaultValidator } from '../../schemas/validator.js';
import { ClockWait } from './clock-wait.js';
import { startFirmwareServer } from './firmware-server.js';
import { chargerSideAnswers } from './default-answers.js';
import { PeerSession } from './peer-session.js';

/** Options of {@link startChargerHarness}. */
export interface ChargerHarnessOptions {
  readonly version: OcppVersion;
  /** The identity of the charger under test (the last segment of its URL). */
  readonly stationId: string;
  readonly clock: Clock;
  readonly transport: Transport;
  /** ws: port to listen on (0 picks a free one). Default 9000. */
  readonly port?: number;
  /** ws: interface to listen on. Default 0.0.0.0 (a real charger reaches it over the network). */
  readonly host?: string;
  readonly validator?: FrameValidator;
  /** Host name or address the charger reaches this machine at (printed URL, firmware URLs). Default: the listening address. */
  readonly advertiseHost?: string;
  /** Answer timeout for CALLs to the charger, clock ms. Default 30 000. */
  readonly callTimeoutMs?: number;
}

/** The test-mode CSMS a charger under test connects to. */
export interface ChargerHarness {
  /** The URL to configure in the charger: the base URL plus `/{stationId}`. */
  readonly stationUrl: string;
  /** The base URL (a charger appends `/{stationId}`). */
  readonly baseUrl: string;
  readonly session: PeerSession;
  /** Resolves true once the charger is connected, false after `limitMs` of clock time. */
  waitForConnection(limitMs: number): Promise<boolean>;
  /**
   * Cuts the charger off (closes its connection and refuses it) or lets it back in: the network
   * outage of the offline cases, as seen from the CSMS.
   */
  setReachable(reachable: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the harness's CSMS in test mode: one expected charger, the chosen OCPP version only,
 * every frame recorded with its schema verdict (the charger's frames are never refused, only
 * judged), and answers scripted by the running test case. Other identities are refused at the
 * handshake with a reason that names the expected one.
 */
export async function startChargerHarness(options: ChargerHarnessOptions): Promise<ChargerHarness> {
  const { version, stationId, clock } = options;
  const validator = options.validator ?? defaultValidator();
  const wait = new ClockWait(clock);
  const session = new PeerSession(version, 'csms', stationId, wait, chargerSideAnswers(version, clock));
  let reachable = true;
  const server: TransportServer = await options.transport.listen({
    port: options.port ?? 9000,
    host: options.host ?? '0.0.0.0',
    protocols: [subprotocolOf(version)],
    name: `certify-${stationId}`,
    authorize: (request) => {
      if (request.stationId !== stationId) {
        return {
          status: 404,
          reason: `this test run expects the charger ${stationId}, not ${request.stationId}`,
        };
      }
      return reachable ? true : 'the test case keeps the charger offline';
    },
  });
  const listenHost = options.host ?? '0.0.0.0';
  const advertiseHost = options.advertiseHost ?? (listenHost === '0.0.0.0' ? '127.0.0.1' : listenHost);
  const firmware = await startFirmwareServer(listenHost, advertiseHost);
  session.baseVars = { firmwareUrl: firmware.baseUrl, uploadUrl: firmware.uploadUrl };
  const baseUrl = server.url.replace(/^(wss?:\/\/)(0\.0\.0\.0|\[::\])(?=[:/])/, `$1${advertiseHost}`);
  server.onConnection((connection) => {
    const endpoint = new RpcEndpoint({
      connection,
      version,
      side: 'csms',
      clock,
      validator,
      strictness: 'record',
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      tap: session.tap,
      onHandlerError: () => undefined,
    });
    session.attach(endpoint);
  });
  return {
    stationUrl: `${baseUrl}/${stationId}`,
    baseUrl,
    session,
    waitForConnection: (limitMs) => wait.until(() => session.connected, limitMs),
    async setReachable(value) {
      reachable = value;
      if (!value && session.connected) await session.endpoint.close(1001, 'network outage (test case)');
    },
    close: async () => {
      await server.close();
      await firmware.close();
    },
  };
}
