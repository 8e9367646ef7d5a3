import type { Clock, TimerHandle } from '../../common/clock.js';
import type { TypedEvents } from '../../common/typed-events.js';
import type { CommandResult } from '../commands/command-service.js';
import type { CsmsEvents } from '../csms-events.js';
import type { StationService } from '../stations/station-service.js';
import type { Store } from '../store/store.js';
import { decideProgress } from './campaign-progress.js';
import { resolveTargets } from './campaign-targets.js';
import { CampaignStore } from './campaign-store.js';
import type { StationChange } from './campaign-store.js';
import { FirmwareError } from './firmware-error.js';
import { FirmwareStore } from './firmware-store.js';
import type { Campaign, CampaignStation } from './firmware-types.js';
import type { CampaignRequest } from './campaign-request.js';
import { isFailed, isTerminal } from './firmware-types.js';
import { ProgressTimeouts } from './progress-timeouts.js';
import { ActiveCampaignStations } from './active-stations.js';
import { applyBoot, applyStatus } from './station-progress.js';
import { dispatchStation, sendWaiting } from './campaign-dispatch.js';
import type { DispatchOps } from './campaign-dispatch.js';

/** Options of {@link CampaignEngine}. */
export interface CampaignEngineOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: TypedEvents<CsmsEvents>;
  readonly stations: StationService;
  /** Sends a command to a connected station (the CSMS's `sendCommand`). */
  readonly send: (stationId: string, action: string, payload: unknown) => Promise<CommandResult>;
  /** Base URL stations download from (`http://host:port`), read at each dispatch. */
  readonly baseUrl: () => string;
  /** After a station boots or connects, wait this long (clock ms) before sending it a waiting command. Default 2 000. */
  readonly sendAfterConnectMs?: number;
  /**
   * A station that was sent its update and then reports nothing for this long (clock ms) is marked
   * failed ("no progress"). Default 24 h, long enough for an install held back by a long session.
   */
  readonly stationTimeoutMs?: number;
  readonly onError: (where: string, error: unknown) => void;
}

/**
 * Runs firmware campaigns: dispatches UpdateFirmware (1.6 plain or signed, 2.0.1) in stages,
 * follows each station through its FirmwareStatusNotifications, confirms the new version in the
 * BootNotification after the install, sends to offline stations when they come back, and gates,
 * halts and completes campaigns ({@link decideProgress}). All state is in the database, so a
 * restarted CSMS carries on where it stopped. Work runs one step at a time, in arrival order.
 */
export class CampaignEngine {
  readonly #o: CampaignEngineOptions;
  readonly #campaigns: CampaignStore;
  readonly #images: FirmwareStore;
  readonly #active: ActiveCampaignStations;
  readonly #startTimers = new Map<number, TimerHandle>();
  readonly #sendTimers = new Map<string, TimerHandle>();
  #unsubscribe: (() => void)[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  readonly #timeouts: ProgressTimeouts;
  readonly #ops: DispatchOps;
  #running = false;

  constructor(options: CampaignEngineOptions) {
    this.#o = options;
    this.#campaigns = new CampaignStore(options.store);
    this.#images = new FirmwareStore(options.store);
    this.#active = new ActiveCampaignStations(this.#campaigns);
    this.#timeouts = new ProgressTimeouts(
      options.clock,
      options.stationTimeoutMs ?? 24 * 3_600_000,
      (campaignId, stationId) =>
        this.#background(`progress of ${stationId}`, () => this.#timedOut(campaignId, stationId)),
    );
    this.#ops = {
      campaigns: this.#campaigns,
      images: this.#images,
      clock: options.clock,
      update: (campaignId, stationId, change, nowMs) => this.#update(campaignId, stationId, change, nowMs),
      evaluate: (campaignId) => this.#evaluate(campaignId),
      stations: options.stations,
      send: options.send,
      baseUrl: options.baseUrl,
    };
  }

  /** Listens to the CSMS and resumes unfinished campaigns. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    const { events } = this.#o;
    this.#unsubscribe = [
      events.on('firmware.status', (e) =>
        this.#background(`firmware status of ${e.stationId}`, () =>
          applyStatus(this.#ops, e.stationId, e.status, e.requestId, e.timeMs),
        ),
      ),
      events.on('station.booted', (e) => {
        if (!this.#active.mayHave(e.stationId)) return;
        this.#background(`boot of ${e.stationId}`, () =>
          applyBoot(this.#ops, e.stationId, e.firmwareVersion, e.status, e.timeMs),
        );
        if (e.status === 'Accepted') this.#armSend(e.stationId);
      }),
      events.on('station.connected', (e) => {
        if (this.#active.mayHave(e.stationId)) this.#armSend(e.stationId);
      }),
    ];
    await this.#serial(() => this.#active.reload());
    const unfinished = await this.#serial(() => this.#campaigns.unfinished());
    for (const c of unfinished) {
      this.#armStart(c);
      for (const row of await this.#serial(() => this.#campaigns.stations(c.id))) this.#timeouts.touch(row);
    }
  }

  /** Stops listening and waits for the step in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    for (const t of [...this.#startTimers.values(), ...this.#sendTimers.values()])
      this.#o.clock.clearTimer(t);
    this.#startTimers.clear();
    this.#sendTimers.clear();
    this.#timeouts.clearAll();
    await this.#queue.catch(() => undefined);
  }

  /** The images. */
  get images(): FirmwareStore {
    return this.#images;
  }

  /** The campaigns. */
  get campaigns(): CampaignStore {
    return this.#campaigns;
  }

  /**
   * Creates a campaign; it starts at its start time (now when absent).
   * @throws FirmwareError for an unknown image, no targets, an unknown station, or a station
   *   already being updated by another campaign
   */
  async create(req: CampaignRequest): Promise<Campaign> {
    const campaign = await this.#serial(async () => {
      const nowMs = this.#o.clock.now();
      const image = await this.#images.get(req.firmwareId);
      if (image === undefined)
        throw new FirmwareError(
          'not_found',
          `no firmware ${req.firmwareId}: upload it with POST /api/firmware`,
        );
      const stationIds = resolveTargets(await this.#o.stations.list(), req);
      for (const stationId of stationIds) {
        if (!this.#active.mayHave(stationId)) continue;
        const busy = (await this.#campaigns.activeRowsOf(stationId)).find((r) => !isTerminal(r.state));
        if (busy !== undefined) {
          throw new FirmwareError(
            'conflict',
            `station ${stationId} is ${busy.state} in campaign ${busy.campaignId}: wait for it to finish or leave the station out`,
          );
        }
      }
      const canaryCount = Math.min(req.canaryCount ?? 1, stationIds.length);
      this.#active.add(stationIds);
      return this.#campaigns.create(
        {
          firmwareId: image.id,
          startAtMs: req.startAtMs ?? nowMs,
          canaryCount,
          waveSize: req.waveSize ?? Math.max(1, stationIds.length - canaryCount),
          maxFailureShare: req.maxFailureShare ?? 0.1,
          retries: req.retries ?? 3,
          retryIntervalS: req.retryIntervalS ?? 60,
          target: req.stations !== undefined ? { stations: [...req.stations] } : { filter: req.filter ?? {} },
          stationIds,
        },
        nowMs,
      );
    });
    this.#armStart(campaign);
    return campaign;
  }

  /**
   * Sends the update again to a failed station (the campaign resumes if it had halted).
   * @throws FirmwareError when the campaign or station is unknown or the station has not failed
   */
  retryStation(campaignId: number, stationId: string): Promise<CampaignStation> {
    return this.#serial(async () => {
      const c = await this.#campaign(campaignId);
      const row = (await this.#campaigns.stations(campaignId)).find((r) => r.stationId === stationId);
      if (row === undefined)
        throw new FirmwareError('not_found', `station ${stationId} is not in campaign ${campaignId}`);
      if (!isFailed(row.state)) {
        throw new FirmwareError(
          'conflict',
          `station ${stationId} is ${row.state}: only DOWNLOAD_FAILED or INSTALLATION_FAILED stations can be retried`,
        );
      }
      await this.#retry(c, row);
      await this.#evaluate(campaignId);
      return (await this.#campaigns.stations(campaignId)).find((r) => r.stationId === stationId)!;
    });
  }

  /** Retries every failed station of a campaign; resolves with the station ids retried. */
  retryFailed(campaignId: number): Promise<string[]> {
    return this.#serial(async () => {
      const c = await this.#campaign(campaignId);
      const failed = (await this.#campaigns.stations(campaignId)).filter((r) => isFailed(r.state));
      for (const row of failed) await this.#retry(c, row);
      await this.#evaluate(campaignId);
      return failed.map((r) => r.stationId);
    });
  }

  /** Waits until every step queued so far has run. */
  idle(): Promise<void> {
    return this.#serial(() => Promise.resolve());
  }

  async #campaign(id: number): Promise<Campaign> {
    const c = await this.#campaigns.get(id);
    if (c === undefined) throw new FirmwareError('not_found', `no firmware campaign ${id}`);
    return c;
  }

  async #retry(c: Campaign, row: CampaignStation): Promise<void> {
    const nowMs = this.#o.clock.now();
    if (c.status === 'HALTED' || c.status === 'COMPLETED') {
      await this.#campaigns.setStatus(c.id, 'ROLLING_OUT', null, nowMs);
      this.#active.add([row.stationId]);
    }
    await this.#update(
      c.id,
      row.stationId,
      {
        state: 'PENDING',
        awaitingBoot: false,
        note: null,
        step: { atMs: nowMs, state: 'PENDING', note: 'retry' },
      },
      nowMs,
    );
    await dispatchStation(this.#ops, await this.#campaign(c.id), row.stationId);
  }

  #armStart(c: Campaign): void {
    if (!this.#running || c.status === 'COMPLETED') return;
    const delayMs = Math.max(0, c.startAtMs - this.#o.clock.now());
    const old = this.#startTimers.get(c.id);
    if (old !== undefined) this.#o.clock.clearTimer(old);
    this.#startTimers.set(
      c.id,
      this.#o.clock.setTimer(() => {
        this.#startTimers.delete(c.id);
        this.#background(`start of campaign ${c.id}`, () => this.#evaluate(c.id));
      }, delayMs),
    );
  }

  #armSend(stationId: string): void {
    if (!this.#running) return;
    const old = this.#sendTimers.get(stationId);
    if (old !== undefined) this.#o.clock.clearTimer(old);
    this.#sendTimers.set(
      stationId,
      this.#o.clock.setTimer(() => {
        this.#sendTimers.delete(stationId);
        this.#background(`sending waiting firmware commands to ${stationId}`, () =>
          sendWaiting(this.#ops, stationId),
        );
      }, this.#o.sendAfterConnectMs ?? 2_000),
    );
  }

  /** Applies the decision of {@link decideProgress}: status, then the dispatches it asks for. */
  async #evaluate(campaignId: number): Promise<void> {
    const c = await this.#campaign(campaignId);
    if (c.status === 'COMPLETED') return;
    const rows = await this.#campaigns.stations(campaignId);
    const decision = decideProgress(c, rows, this.#o.clock.now());
    if (decision.status !== c.status || decision.haltedReason !== c.haltedReason) {
      await this.#campaigns.setStatus(c.id, decision.status, decision.haltedReason, this.#o.clock.now());
      if (decision.status === 'COMPLETED') await this.#active.reload();
    }
    if (decision.dispatch.length === 0) return;
    const current = await this.#campaign(campaignId);
    for (const stationId of decision.dispatch) await dispatchStation(this.#ops, current, stationId);
    await this.#evaluate(campaignId);
  }

  async #update(
    campaignId: number,
    stationId: string,
    change: StationChange,
    nowMs: number,
  ): Promise<CampaignStation> {
    const row = await this.#campaigns.update(campaignId, stationId, change, nowMs);
    if (this.#running) this.#timeouts.touch(row);
    return row;
  }

  async #timedOut(campaignId: number, stationId: string): Promise<void> {
    const nowMs = this.#o.clock.now();
    const row = (await this.#campaigns.stations(campaignId)).find((r) => r.stationId === stationId);
    if (row === undefined || isTerminal(row.state) || row.awaitingSend || row.dispatchedAtMs === null) return;
    if (nowMs - row.updatedAtMs < this.#timeouts.timeoutMs) {
      this.#timeouts.touch(row);
      return;
    }
    const state = row.state === 'INSTALLING' ? 'INSTALLATION_FAILED' : 'DOWNLOAD_FAILED';
    const note = `no progress for ${Math.round(this.#timeouts.timeoutMs / 60_000)} min (last: ${row.state})`;
    await this.#update(
      campaignId,
      stationId,
      { state, awaitingBoot: false, note, step: { atMs: nowMs, state, note } },
      nowMs,
    );
    await this.#evaluate(campaignId);
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #background(where: string, fn: () => Promise<void>): void {
    this.#serial(fn).catch((error: unknown) => this.#o.onError(where, error));
  }
}
