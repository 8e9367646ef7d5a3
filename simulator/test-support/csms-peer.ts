import type { Clock } from '../../common/clock.js';
import { RpcEndpoint } from '../../common/rpc-endpoint.js';
import type { FrameRecord, FrameValidator } from '../../common/rpc-types.js';
import type { Transport, TransportServer } from '../../common/transport.js';
import { versionOf } from '../../common/ocpp-version.js';
import { defaultValidator } from '../../schemas/validator.js';

/** A CALL the peer received. */
export interface ReceivedCall {
  readonly stationId: string;
  readonly action: string;
  readonly payload: Record<string, unknown>;
  readonly timeMs: number;
}

/** Options of {@link startCsmsPeer}. */
export interface CsmsPeerOptions {
  readonly clock: Clock;
  readonly transport: Transport;
  readonly validator?: FrameValidator;
  /** Answer to the n-th BootNotification (1-based) of a station. Default Accepted. */
  readonly bootStatus?: (n: number, stationId: string) => 'Accepted' | 'Pending' | 'Rejected';
  /** Interval in BootNotification answers, s. Default 300. */
  readonly intervalS?: number;
  /** idTags the peer refuses (Invalid). */
  readonly invalidIdTags?: readonly string[];
}

/**
 * A minimal CSMS for station tests: answers every station message of both versions with a
 * schema-valid response, records what it received and every frame (validated, in 'record' mode so
 * it sees what the station really sent), and sends commands on request. Over a real transport.
 */
export class CsmsPeer {
  readonly calls: ReceivedCall[] = [];
  readonly frames: FrameRecord[] = [];
  readonly #endpoints = new Map<string, RpcEndpoint>();
  readonly #boots = new Map<string, number>();
  #txCounter = 0;

  private constructor(
    readonly server: TransportServer,
    private readonly options: CsmsPeerOptions,
  ) {
    server.onConnection((connection) => {
      const version = versionOf(connection.protocol)!;
      const ep = new RpcEndpoint({
        connection,
        version,
        side: 'csms',
        clock: options.clock,
        validator: options.validator ?? defaultValidator(),
        strictness: 'record',
        tap: (r) => this.frames.push(r),
      });
      this.#endpoints.set(connection.stationId, ep);
      this.#register(ep, connection.stationId);
    });
  }

  /** Starts a peer listening on `transport`. */
  static async start(options: CsmsPeerOptions): Promise<CsmsPeer> {
    const server = await options.transport.listen({ port: 0, host: '127.0.0.1' });
    return new CsmsPeer(server, options);
  }

  /** Base URL stations connect to. */
  get url(): string {
    return this.server.url;
  }

  /** Actions received from a station, in order. */
  actions(stationId: string): string[] {
    return this.calls.filter((c) => c.stationId === stationId).map((c) => c.action);
  }

  /** Calls of one action. */
  of(action: string, stationId?: string): ReceivedCall[] {
    return this.calls.filter(
      (c) => c.action === action && (stationId === undefined || c.stationId === stationId),
    );
  }

  /** Sends a command to a connected station and resolves with its answer. */
  send(stationId: string, action: string, payload: unknown): Promise<unknown> {
    const ep = this.#endpoints.get(stationId);
    if (ep === undefined) throw new Error(`station ${stationId} is not connected to the peer`);
    return ep.call(action, payload);
  }

  /** Closes the station's connection from the CSMS side. */
  async drop(stationId: string): Promise<void> {
    await this.#endpoints.get(stationId)?.close(1001, 'peer dropped the connection');
  }

  /** Stops listening and closes every connection. */
  close(): Promise<void> {
    return this.server.close();
  }

  #register(ep: RpcEndpoint, stationId: string): void {
    const now = (): string => new Date(this.options.clock.now()).toISOString();
    const record = (action: string, payload: unknown): void => {
      this.calls.push({
        stationId,
        action,
        payload: payload as Record<string, unknown>,
        timeMs: this.options.clock.now(),
      });
    };
    const invalid = new Set(this.options.invalidIdTags ?? []);
    const v16 = ep.version === '1.6';
    const status = (tag: string | undefined): string =>
      tag !== undefined && invalid.has(tag) ? 'Invalid' : 'Accepted';
    const answers: Record<string, (p: Record<string, unknown>) => unknown> = {
      BootNotification: () => {
        const n = (this.#boots.get(stationId) ?? 0) + 1;
        this.#boots.set(stationId, n);
        const s = this.options.bootStatus?.(n, stationId) ?? 'Accepted';
        return {
          status: s,
          currentTime: now(),
          interval: s === 'Accepted' ? (this.options.intervalS ?? 300) : 30,
        };
      },
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: () => ({}),
      MeterValues: () => ({}),
      NotifyReport: () => ({}),
      ReportChargingProfiles: () => ({}),
      FirmwareStatusNotification: () => ({}),
      DiagnosticsStatusNotification: () => ({}),
      Authorize: (p) =>
        v16
          ? { idTagInfo: { status: status(p.idTag as string) } }
          : { idTokenInfo: { status: status((p.idToken as { idToken: string }).idToken) } },
      StartTransaction: (p) => ({
        transactionId: ++this.#txCounter,
        idTagInfo: { status: status(p.idTag as string) },
      }),
      StopTransaction: () => ({}),
      TransactionEvent: (p) =>
        p.eventType === 'Started'
          ? { idTokenInfo: { status: status((p.idToken as { idToken: string } | undefined)?.idToken) } }
          : {},
    };
    for (const [action, answer] of Object.entries(answers)) {
      ep.handle(action, (payload) => {
        record(action, payload);
        return answer(payload as Record<string, unknown>);
      });
    }
  }
}
