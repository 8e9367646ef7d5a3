import { VirtualClock } from '../../common/virtual-clock.js';
import type { StationContext } from '../station/station-context.js';
import { DiagnosticsLog } from './diagnostics-log.js';
import { UploadError, uploadDiagnostics, uploadTarget } from './diagnostics-upload.js';

/** 1.6 DiagnosticsStatus. */
export type DiagnosticsStatus = 'Idle' | 'Uploaded' | 'UploadFailed' | 'Uploading';

/** A GetDiagnostics request in neutral terms. */
export interface DiagnosticsRequest {
  readonly location: string;
  /** Upload attempts after the first. Default 0. */
  readonly retries?: number;
  /** Seconds between upload attempts. Default 30. */
  readonly retryIntervalS?: number;
  /** Only events at or after this time. */
  readonly fromMs?: number;
  /** Only events at or before this time. */
  readonly toMs?: number;
}

/** Sends one DiagnosticsStatusNotification on the current connection. */
export type DiagnosticsStatusSender = (status: DiagnosticsStatus) => Promise<void>;

interface Upload {
  readonly gen: number;
  readonly request: DiagnosticsRequest;
  readonly fileName: string;
  readonly text: string;
}

const TIMER = 'diagnostics-upload';

function compactIso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * The diagnostics side of a simulated 1.6 station: on GetDiagnostics it names a file, reports
 * Uploading, uploads a text log of its recent events (within the asked time window) to the
 * location over HTTP(S) on the clock, retrying as asked, and reports Uploaded or UploadFailed.
 * A new request replaces one still running.
 */
export class DiagnosticsAgent {
  readonly #log: DiagnosticsLog;
  #sender: DiagnosticsStatusSender | undefined;
  #gen = 0;
  #uploading = false;

  constructor(private readonly context: StationContext) {
    this.#log = new DiagnosticsLog(context);
  }

  /** Sets how statuses go out (each new connection gives a new sender). */
  attach(sender: DiagnosticsStatusSender): void {
    this.#sender = sender;
  }

  /** True while an upload is under way (TriggerMessage answers Uploading, else Idle). */
  get uploading(): boolean {
    return this.#uploading;
  }

  /** GetDiagnostics: starts the upload now and returns the name of the file it will upload. */
  request(request: DiagnosticsRequest): string {
    const ctx = this.context;
    const now = ctx.clock.now();
    const fileName = `${ctx.id}-diagnostics-${compactIso(now)}.log`;
    const window = `${request.fromMs === undefined ? 'start' : new Date(request.fromMs).toISOString()} .. ${
      request.toMs === undefined ? 'now' : new Date(request.toMs).toISOString()
    }`;
    const header = `diagnostics of ${ctx.id} (${ctx.identity.vendor} ${ctx.identity.model}) at ${new Date(now).toISOString()}, events ${window}`;
    const upload: Upload = {
      gen: ++this.#gen,
      request,
      fileName,
      text: this.#log.render(header, request.fromMs, request.toMs),
    };
    // Reports go out on a timer, so after the answer to GetDiagnostics.
    let refused: string | undefined;
    try {
      uploadTarget(request.location, fileName);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      refused = error.message;
    }
    this.#uploading = refused === undefined;
    ctx.timers.set(
      TIMER,
      () => {
        if (upload.gen !== this.#gen) return;
        if (refused !== undefined) {
          this.#problem(`diagnostics not uploaded: ${refused}`);
          this.#report('UploadFailed');
          return;
        }
        this.#report('Uploading');
        this.#start(upload, 0);
      },
      0,
    );
    return fileName;
  }

  /** TriggerMessage(DiagnosticsStatusNotification): Uploading while an upload runs, else Idle. */
  reportStatus(): void {
    this.#report(this.#uploading ? 'Uploading' : 'Idle');
  }

  #start(upload: Upload, attempt: number): void {
    this.#attempt(upload, attempt).catch((error: unknown) => {
      if (upload.gen !== this.#gen) return;
      this.#problem(`diagnostics upload failed unexpectedly: ${String(error)}`);
      this.#uploading = false;
      this.#report('UploadFailed');
    });
  }

  async #attempt(upload: Upload, attempt: number): Promise<void> {
    if (upload.gen !== this.#gen) return;
    const r = upload.request;
    let why = '';
    try {
      const work = uploadDiagnostics(r.location, upload.fileName, upload.text);
      const clock = this.context.clock;
      await (clock instanceof VirtualClock ? clock.tracker.track(work) : work);
    } catch (error) {
      if (!(error instanceof UploadError)) throw error;
      why = error.message;
    }
    if (upload.gen !== this.#gen) return;
    if (why === '') {
      this.#uploading = false;
      this.#report('Uploaded');
      return;
    }
    this.#problem(`diagnostics upload attempt ${attempt + 1} failed: ${why}`);
    if (attempt < (r.retries ?? 0)) {
      this.context.timers.set(TIMER, () => this.#start(upload, attempt + 1), (r.retryIntervalS ?? 30) * 1000);
      return;
    }
    this.#uploading = false;
    this.#report('UploadFailed');
  }

  #report(status: DiagnosticsStatus): void {
    const ctx = this.context;
    ctx.outbox.push({
      action: 'DiagnosticsStatusNotification',
      transactional: true,
      send: () => {
        const sender = this.#sender;
        if (sender === undefined) return Promise.reject(new Error(`station ${ctx.id} is not connected`));
        return sender(status);
      },
    });
  }

  #problem(message: string): void {
    const ctx = this.context;
    ctx.events.emit('problem', { stationId: ctx.id, message, timeMs: ctx.clock.now() });
  }
}
