import type { Clock } from '../../common/clock.js';
import { RealClock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { subprotocolOf } from '../../common/ocpp-version.js';
import { RpcEndpoint } from '../../common/rpc-endpoint.js';
import type { ActionMap, FrameRecord } from '../../common/rpc-types.js';
import type { Transport } from '../../common/transport.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { defaultValidator } from '../../schemas/validator.js';

/** A hand-written station for tests: an RPC endpoint on the station side plus the frames it saw. */
export interface TestStation {
  readonly stationId: string;
  readonly version: OcppVersion;
  readonly endpoint: RpcEndpoint<ActionMap, ActionMap>;
  /** Every frame in and out, in order. */
  readonly frames: FrameRecord[];
  /** Sends a CALL and resolves with the CSMS's response payload. */
  call<T = Record<string, unknown>>(action: string, payload: unknown): Promise<T>;
  /** Sends a frame as is and resolves with the CSMS's answer to it (the next frame received). */
  sendRawAndWait(text: string): Promise<FrameRecord>;
  /** Resolves when the connection closes, with its code. */
  readonly closed: Promise<number>;
  close(): Promise<void>;
}

/** Options for {@link connectTestStation}. */
export interface TestStationOptions {
  /** The CSMS's OCPP base URL (`ws://host:port/ocpp`). */
  url: string;
  stationId: string;
  version: OcppVersion;
  transport?: Transport;
  clock?: Clock;
  /** Answers to CSMS commands, by action. */
  handlers?: Record<string, (payload: unknown) => unknown>;
}

/** Connects a test station over real ws (or the given transport). */
export async function connectTestStation(options: TestStationOptions): Promise<TestStation> {
  const transport = options.transport ?? createWsTransport();
  const connection = await transport.connect(options.url, options.stationId, [
    subprotocolOf(options.version),
  ]);
  const frames: FrameRecord[] = [];
  const waiters: ((f: FrameRecord) => void)[] = [];
  const endpoint = new RpcEndpoint<ActionMap, ActionMap>({
    connection,
    version: options.version,
    side: 'station',
    clock: options.clock ?? new RealClock(),
    validator: defaultValidator(),
    strictness: 'record',
    onHandlerError: () => undefined,
    tap: (record) => {
      frames.push(record);
      if (record.direction === 'csms->station') waiters.shift()?.(record);
    },
  });
  for (const [action, handler] of Object.entries(options.handlers ?? {})) {
    endpoint.handle(action, (payload) => handler(payload) as Record<string, unknown>);
  }
  const closed = new Promise<number>((resolve) => endpoint.onClose((code) => resolve(code)));
  return {
    stationId: options.stationId,
    version: options.version,
    endpoint,
    frames,
    call: <T>(action: string, payload: unknown) => endpoint.call(action, payload) as Promise<T>,
    sendRawAndWait: async (text) => {
      const answer = new Promise<FrameRecord>((resolve) => waiters.push(resolve));
      await endpoint.sendRaw(text);
      return answer;
    },
    closed,
    close: () => endpoint.close(),
  };
}
