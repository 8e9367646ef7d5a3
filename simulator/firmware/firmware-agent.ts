import type { KeyObject } from 'node:crypto';
import { TypedEvents } from '../../common/typed-events.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import type { StationContext } from '../station/station-context.js';
import type { BootReason } from '../station/station-protocol.js';
import { DownloadError, downloadImage } from './firmware-download.js';
import type { DownloadedImage } from './firmware-download.js';
import type { FirmwareAgentOptions, FirmwareFaults } from './firmware-options.js';
import { checkFirmwareOptions } from './firmware-options.js';
import { sameKey, signingKeyOf } from './firmware-signature.js';

/** Every FirmwareStatus a station reports (the 2.0.1 / 1.6 security extension list). */
export type FirmwareStatus =
  | 'Downloaded'
  | 'DownloadFailed'
  | 'Downloading'
  | 'DownloadScheduled'
  | 'DownloadPaused'
  | 'Idle'
  | 'InstallationFailed'
  | 'Installing'
  | 'Installed'
  | 'InstallRebooting'
  | 'InstallScheduled'
  | 'InstallVerificationFailed'
  | 'InvalidSignature'
  | 'SignatureVerified';

/** How the request reached the station, which decides how statuses are reported. */
export type FirmwareFlavour = 'v16' | 'v16-signed' | 'v201';

/** An update request in version-neutral terms. */
export interface FirmwareUpdateRequest {
  readonly flavour: FirmwareFlavour;
  readonly location: string;
  readonly retrieveAtMs: number;
  /** 2.0.1 / signed: install no earlier than this. */
  readonly installAtMs?: number;
  /** Download attempts after the first. Default 0. */
  readonly retries?: number;
  /** Seconds between download attempts. Default 30. */
  readonly retryIntervalS?: number;
  readonly requestId?: number;
  readonly signingCertificate?: string;
  readonly signature?: string;
}

/** The answer to an update request (2.0.1 / 1.6 security extension UpdateFirmwareStatusEnumType). */
export type UpdateAnswer = 'Accepted' | 'AcceptedCanceled' | 'Rejected' | 'InvalidCertificate';

/** Sends one status report on the current connection. */
export type StatusSender = (status: FirmwareStatus, request: FirmwareUpdateRequest) => Promise<void>;

/** What the agent tells the world. */
export interface FirmwareAgentEvents extends Record<string, unknown> {
  status: { stationId: string; status: FirmwareStatus; requestId?: number; timeMs: number };
}

/** What the agent needs of the station beyond its context. */
export interface FirmwareHost {
  readonly context: StationContext;
  /** Reboots the station (it boots again with {@link FirmwareAgent.installedVersion}, for `reason`). */
  reboot(reason: BootReason): void;
}

const V16_PLAIN: readonly FirmwareStatus[] = [
  'Downloaded',
  'DownloadFailed',
  'Downloading',
  'Idle',
  'InstallationFailed',
  'Installing',
  'Installed',
];

type Phase = 'idle' | 'scheduled' | 'downloading' | 'downloaded' | 'installing' | 'rebooting';

interface Job {
  readonly gen: number;
  readonly request: FirmwareUpdateRequest;
  readonly key: KeyObject | undefined;
  image?: DownloadedImage;
  installScheduledReported?: boolean;
}

/**
 * The firmware side of a simulated station: downloads the image over HTTP at the retrieve time
 * (retrying as asked), checks size and SHA-256 and the signature, reports every status in the
 * spec's order, waits for running transactions to end before installing (2.0.1 InstallScheduled),
 * installs in clock time, reboots and boots with the new version. Faults make each step fail.
 */
export class FirmwareAgent {
  readonly events = new TypedEvents<FirmwareAgentEvents>();
  #installedVersion: string;
  #options: FirmwareAgentOptions;
  #sender: StatusSender | undefined;
  #phase: Phase = 'idle';
  #job: Job | undefined;
  #gen = 0;
  #downloadFailures = 0;
  #reportInstalledAfterBoot: FirmwareUpdateRequest | undefined;

  constructor(
    private readonly host: FirmwareHost,
    options: FirmwareAgentOptions = {},
  ) {
    checkFirmwareOptions(options);
    this.#options = options;
    this.#installedVersion = host.context.identity.firmwareVersion;
    const ctx = host.context;
    ctx.events.on('state', (e) => {
      if (e.state === 'accepted') this.#afterBoot();
    });
    ctx.events.on('transaction-ended', () => {
      if (this.#phase === 'downloaded') this.#maybeInstall();
    });
  }

  /** The firmware version the station runs (and reports at boot). */
  get installedVersion(): string {
    return this.#installedVersion;
  }

  /** Where the update is. */
  get phase(): Phase {
    return this.#phase;
  }

  /** Changes options and faults (e.g. clears a fault before a retry). */
  configure(options: FirmwareAgentOptions): void {
    checkFirmwareOptions(options);
    this.#options = options;
    this.#downloadFailures = 0;
  }

  /** Sets how statuses go out (each new connection gives a new sender). */
  attach(sender: StatusSender): void {
    this.#sender = sender;
  }

  /** UpdateFirmware / SignedUpdateFirmware: accepts, cancels a running download, or refuses. */
  update(request: FirmwareUpdateRequest): UpdateAnswer {
    let key: KeyObject | undefined;
    if (request.signingCertificate !== undefined) {
      key = signingKeyOf(request.signingCertificate);
      if (key === undefined) return 'InvalidCertificate';
      const trusted = this.#options.trustedSigners;
      if (
        trusted !== undefined &&
        !trusted.some((t) => {
          const k = signingKeyOf(t);
          return k !== undefined && sameKey(k, key!);
        })
      )
        return 'InvalidCertificate';
    }
    if (this.#phase === 'installing' || this.#phase === 'rebooting') return 'Rejected';
    const canceled = this.#phase !== 'idle';
    this.#cancel();
    const job: Job = { gen: ++this.#gen, request, key };
    this.#job = job;
    this.#downloadFailures = 0;
    const delayMs = Math.max(0, request.retrieveAtMs - this.#now());
    this.#phase = 'scheduled';
    this.host.context.timers.set('firmware-download', () => this.#start(job, 0), delayMs);
    if (delayMs > 0 && request.flavour !== 'v16') this.#report('DownloadScheduled', request);
    return canceled ? 'AcceptedCanceled' : 'Accepted';
  }

  #now(): number {
    return this.host.context.clock.now();
  }

  #cancel(): void {
    this.#gen++;
    this.#job = undefined;
    this.host.context.timers.clear('firmware-download');
    this.host.context.timers.clear('firmware-install');
    this.#phase = 'idle';
  }

  #faults(): FirmwareFaults {
    return this.#options.faults ?? {};
  }

  #start(job: Job, attempt: number): void {
    this.#download(job, attempt).catch((error: unknown) => {
      this.#problem(`firmware download failed unexpectedly: ${String(error)}`);
      if (job.gen === this.#gen) {
        this.#report('DownloadFailed', job.request);
        this.#finish();
      }
    });
  }

  async #download(job: Job, attempt: number): Promise<void> {
    if (job.gen !== this.#gen) return;
    const r = job.request;
    this.#phase = 'downloading';
    if (attempt === 0) this.#report('Downloading', r);
    const faults = this.#faults();
    const failing =
      faults.downloadFails === true ||
      (typeof faults.downloadFails === 'number' && this.#downloadFailures < faults.downloadFails);
    let image: DownloadedImage | undefined;
    let why: string;
    if (failing) {
      why = 'download failed (fault)';
    } else {
      try {
        const work = downloadImage(r.location, {
          ...(faults.checksumMismatch === true ? { corrupt: true } : {}),
          ...(job.key !== undefined && r.signature !== undefined
            ? { signature: { key: job.key, signatureB64: r.signature } }
            : {}),
        });
        const clock = this.host.context.clock;
        image = await (clock instanceof VirtualClock ? clock.tracker.track(work) : work);
        why = '';
      } catch (error) {
        if (!(error instanceof DownloadError)) throw error;
        why = error.message;
      }
    }
    if (job.gen !== this.#gen) return;
    if (image === undefined) {
      this.#downloadFailures++;
      this.#problem(`firmware download attempt ${attempt + 1} failed: ${why}`);
      if (attempt < (r.retries ?? 0)) {
        this.host.context.timers.set(
          'firmware-download',
          () => this.#start(job, attempt + 1),
          (r.retryIntervalS ?? 30) * 1000,
        );
        return;
      }
      this.#report('DownloadFailed', r);
      this.#finish();
      return;
    }
    job.image = image;
    this.#report('Downloaded', r);
    if (image.signatureValid !== undefined) {
      if (!image.signatureValid) {
        this.#report('InvalidSignature', r);
        this.#finish();
        return;
      }
      if (r.flavour !== 'v16') this.#report('SignatureVerified', r);
    }
    this.#phase = 'downloaded';
    this.#maybeInstall();
  }

  #maybeInstall(): void {
    const job = this.#job;
    if (job === undefined || this.#phase !== 'downloaded') return;
    const r = job.request;
    const waitMs = r.installAtMs === undefined ? 0 : r.installAtMs - this.#now();
    const busy = this.host.context.evses.some((e) => e.tx !== undefined);
    const blocked = busy && this.#options.installDuringTransaction !== true;
    if (waitMs > 0 || blocked) {
      if (job.installScheduledReported !== true && r.flavour !== 'v16') {
        job.installScheduledReported = true;
        this.#report('InstallScheduled', r);
      }
      if (waitMs > 0) this.host.context.timers.set('firmware-install', () => this.#maybeInstall(), waitMs);
      return;
    }
    this.#install(job);
  }

  #install(job: Job): void {
    const r = job.request;
    this.#phase = 'installing';
    this.#report('Installing', r);
    this.host.context.timers.set(
      'firmware-install',
      () => {
        if (job.gen !== this.#gen) return;
        if (this.#faults().installFails === true) {
          this.#report('InstallationFailed', r);
          this.#finish();
          return;
        }
        if (this.#faults().rebootIntoOldVersion !== true) this.#installedVersion = job.image!.version;
        // Installed is reported by the new firmware, once booted (1.6 has no InstallRebooting).
        if (r.flavour === 'v16-signed') {
          this.#report('Installed', r);
        } else {
          if (r.flavour === 'v201') this.#report('InstallRebooting', r);
          this.#reportInstalledAfterBoot = r;
        }
        this.#phase = 'rebooting';
        this.host.reboot('FirmwareUpdate');
      },
      this.#options.installDurationMs ?? 60_000,
    );
  }

  #afterBoot(): void {
    if (this.#phase !== 'rebooting') return;
    const r = this.#reportInstalledAfterBoot;
    this.#reportInstalledAfterBoot = undefined;
    if (r !== undefined) this.#report('Installed', r);
    this.#finish();
  }

  #finish(): void {
    this.#phase = 'idle';
    this.#job = undefined;
  }

  #report(status: FirmwareStatus, request: FirmwareUpdateRequest): void {
    const ctx = this.host.context;
    this.events.emit('status', {
      stationId: ctx.id,
      status,
      ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
      timeMs: this.#now(),
    });
    if (request.flavour === 'v16' && !V16_PLAIN.includes(status)) return;
    ctx.outbox.push({
      action:
        request.flavour === 'v16-signed' ? 'SignedFirmwareStatusNotification' : 'FirmwareStatusNotification',
      transactional: true,
      send: () => {
        const sender = this.#sender;
        if (sender === undefined) return Promise.reject(new Error(`station ${ctx.id} is not connected`));
        return sender(status, request);
      },
    });
  }

  #problem(message: string): void {
    const ctx = this.host.context;
    ctx.events.emit('problem', { stationId: ctx.id, message, timeMs: this.#now() });
  }
}
