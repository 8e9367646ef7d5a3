import { defaultValidator } from '../../schemas/validator.js';
import type { Clock } from '../clock.js';
import { RealClock } from '../clock.js';
import type { ActivityTracker } from '../activity-tracker.js';
import { subprotocolOf, type OcppVersion } from '../ocpp-version.js';
import { RpcEndpoint, type RpcEndpointOptions } from '../rpc-endpoint.js';
import type { FrameRecord } from '../rpc-types.js';
import type { Connection, TransportServer } from '../transport.js';
import type { TransportCase } from './transport-cases.js';

/** Options of {@link anRpcPair}; everything but the transport has a default. */
export interface RpcPairOptions {
  transport: TransportCase;
  version?: OcppVersion;
  stationId?: string;
  clock?: Clock;
  /** Shared by both ends' transports (a VirtualClock's tracker for virtual time). */
  tracker?: ActivityTracker;
  /** Endpoint options applied to both ends. */
  endpoint?: Partial<Omit<RpcEndpointOptions, 'connection' | 'version' | 'side' | 'clock' | 'validator'>>;
  /** Endpoint options for one end only. */
  csms?: Partial<Omit<RpcEndpointOptions, 'connection' | 'version' | 'side' | 'clock' | 'validator'>>;
  station?: Partial<Omit<RpcEndpointOptions, 'connection' | 'version' | 'side' | 'clock' | 'validator'>>;
}

/** A CSMS endpoint and a station endpoint joined by a real transport, with every frame tapped. */
export interface RpcPair {
  readonly csms: RpcEndpoint;
  readonly station: RpcEndpoint;
  /** The station's raw connection (to send frames no endpoint would). */
  readonly stationConnection: Connection;
  /** Every frame both ends saw, in order (each frame appears twice: once sent, once received). */
  readonly records: FrameRecord[];
  /** Records the CSMS end made. */
  readonly csmsRecords: FrameRecord[];
  /** Resolves with the first record (already made or still to come) that matches. */
  readonly recorded: (match: (record: FrameRecord) => boolean) => Promise<FrameRecord>;
  /** Closes both ends and the server. */
  close(): Promise<void>;
}

/**
 * Starts a server on the transport, connects a station and wraps both ends in endpoints that use
 * the real schema validator. Defaults: OCPP 1.6, station `CP001`, the real clock.
 */
export async function anRpcPair(options: RpcPairOptions): Promise<RpcPair> {
  const version = options.version ?? '1.6';
  const clock = options.clock ?? new RealClock();
  const transport = options.transport.make(options.tracker);
  const server: TransportServer = await transport.listen(options.transport.where());
  const accepted = new Promise<Connection>((resolve) => server.onConnection((c) => resolve(c)));
  const stationConnection = await transport.connect(server.url, options.stationId ?? 'CP001', [
    subprotocolOf(version),
  ]);
  const csmsConnection = await accepted;
  const records: FrameRecord[] = [];
  const csmsRecords: FrameRecord[] = [];
  const watchers: { match: (r: FrameRecord) => boolean; resolve: (r: FrameRecord) => void }[] = [];
  const push = (r: FrameRecord): void => {
    records.push(r);
    for (let i = watchers.length - 1; i >= 0; i--) {
      if (watchers[i]!.match(r)) watchers.splice(i, 1)[0]!.resolve(r);
    }
  };
  const validator = defaultValidator();
  const common = { version, clock, validator, ...options.endpoint };
  const csms = new RpcEndpoint({
    ...common,
    tap: (r) => {
      csmsRecords.push(r);
      push(r);
    },
    ...options.csms,
    connection: csmsConnection,
    side: 'csms',
  });
  const station = new RpcEndpoint({
    ...common,
    tap: push,
    ...options.station,
    connection: stationConnection,
    side: 'station',
  });
  return {
    csms,
    station,
    stationConnection,
    records,
    csmsRecords,
    recorded: (match) => {
      const found = records.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => watchers.push({ match, resolve }));
    },
    async close() {
      await station.close().catch(() => undefined);
      await server.close();
    },
  };
}
