import type { Router } from 'express';
import type { Csms } from '../create-csms.js';
import type { CsmsServices } from '../handlers/handler-context.js';
import { firmwareDownloadRouter } from './api/download-router.js';
import { firmwareRouter } from './api/firmware-router.js';
import { CampaignEngine } from './campaign-engine.js';
import { FirmwareError } from './firmware-error.js';

/** Options of {@link firmwareExtension}. */
export interface FirmwareExtensionOptions {
  /**
   * Base URL stations download images from (e.g. `http://csms.example:8080`); default the CSMS's
   * own HTTP URL.
   */
  publicUrl?: string;
  /** Largest image accepted by `POST /api/firmware`, bytes. Default 256 MiB. */
  maxImageBytes?: number;
  /** After a station boots or connects, wait this long (clock ms) before sending it a waiting update. Default 2 000. */
  sendAfterConnectMs?: number;
  /** A station sent its update that then reports nothing for this long (clock ms) is marked failed. Default 24 h. */
  stationTimeoutMs?: number;
}

/** Firmware over the air plugged into a CSMS; see {@link firmwareExtension}. */
export interface FirmwareExtension {
  /** Pass as (or call from) the CSMS's `extendApi`: the firmware API router. */
  extendApi(services: CsmsServices): Router[];
  /** Pass as (or call from) the CSMS's `extendApp`: the download route stations use. */
  extendApp(services: CsmsServices): Router[];
  /** After `csms.start()`: follows stations and resumes unfinished campaigns. */
  start(csms: Csms): Promise<void>;
  /** Before `csms.stop()`. */
  stop(): Promise<void>;
  /** The campaign engine (after `extendApi` ran). */
  readonly engine: CampaignEngine;
}

/**
 * Firmware for the reference CSMS: image upload and download, staged campaigns.
 * ```ts
 * const firmware = firmwareExtension();
 * const csms = createCsms({ ..., extendApi: (s) => firmware.extendApi(s), extendApp: (s) => firmware.extendApp(s) });
 * await csms.start();
 * await firmware.start(csms);
 * ```
 */
export function firmwareExtension(options: FirmwareExtensionOptions = {}): FirmwareExtension {
  const maxImageBytes = options.maxImageBytes ?? 256 * 1024 * 1024;
  if (!Number.isInteger(maxImageBytes) || maxImageBytes < 1)
    throw new Error(`maxImageBytes must be a positive integer, got ${maxImageBytes}`);
  if (options.publicUrl !== undefined && !/^https?:\/\/[^/]+$/.test(options.publicUrl))
    throw new Error(`publicUrl must be http(s)://host[:port] without a path, got "${options.publicUrl}"`);
  let engine: CampaignEngine | undefined;
  let csms: Csms | undefined;
  let started = false;
  const baseUrl = (): string => {
    if (options.publicUrl !== undefined) return options.publicUrl;
    if (csms === undefined)
      throw new Error('the firmware module is started after the CSMS: call start(csms)');
    return csms.httpUrl;
  };
  const build = (services: CsmsServices): CampaignEngine => {
    engine ??= new CampaignEngine({
      store: services.store,
      clock: services.clock,
      events: services.events,
      stations: services.stations,
      send: (stationId, action, payload) => {
        if (csms === undefined) throw new Error('the firmware module is not started');
        return csms.sendCommand(stationId, action, payload);
      },
      baseUrl,
      ...(options.sendAfterConnectMs === undefined ? {} : { sendAfterConnectMs: options.sendAfterConnectMs }),
      ...(options.stationTimeoutMs === undefined ? {} : { stationTimeoutMs: options.stationTimeoutMs }),
      onError: (where, error) => services.events.emit('error', { where: `firmware: ${where}`, error }),
    });
    return engine;
  };
  const ready = (): CampaignEngine => {
    if (engine === undefined || !started)
      throw new FirmwareError('unavailable', 'the firmware module is starting: try again in a moment');
    return engine;
  };
  return {
    extendApi(services) {
      build(services);
      return [firmwareRouter({ clock: services.clock, engine: ready, baseUrl, maxImageBytes })];
    },
    extendApp(services) {
      const e = build(services);
      return [firmwareDownloadRouter(() => e.images)];
    },
    async start(c) {
      csms = c;
      const e = build(c.services);
      await e.start();
      started = true;
    },
    async stop() {
      started = false;
      await engine?.stop();
    },
    get engine() {
      if (engine === undefined)
        throw new Error('the firmware engine exists once the CSMS has called extendApi');
      return engine;
    },
  };
}
