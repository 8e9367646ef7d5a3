import { CommandError } from '../commands/command-error.js';
import type { StationChange } from './campaign-store.js';
import type { FirmwareCommand } from './firmware-request.js';
import type { StationFirmwareState } from './firmware-types.js';

/** What sending a firmware command did to a campaign station. */
export interface CommandOutcome {
  readonly change: StationChange;
  /** The station is now failed (the campaign must be evaluated). */
  readonly failed: boolean;
}

/**
 * The change after sending `cmd`: accepted (the state is left to the station's reports), kept
 * for later (the station is offline), or DOWNLOAD_FAILED (refused, or no usable answer).
 */
export function commandOutcome(
  cmd: FirmwareCommand,
  result: { response: unknown } | { error: unknown },
  state: StationFirmwareState,
  atMs: number,
): CommandOutcome {
  if ('error' in result) {
    const { error } = result;
    const offline =
      error instanceof CommandError &&
      (error.code === 'station_offline' || error.code === 'station_not_accepted');
    if (offline) {
      const note = 'station offline: sent when it reconnects';
      return {
        failed: false,
        change: { awaitingSend: true, note, step: { atMs, state: 'PENDING', status: cmd.action, note } },
      };
    }
    const note = `${cmd.action} failed: ${error instanceof Error ? error.message : String(error)}`;
    return {
      failed: true,
      change: {
        awaitingSend: false,
        state: 'DOWNLOAD_FAILED',
        note,
        step: { atMs, state: 'DOWNLOAD_FAILED', status: cmd.action, note },
      },
    };
  }
  const answer = cmd.answersStatus ? String((result.response as { status?: unknown }).status) : 'Accepted';
  if (answer === 'Accepted' || answer === 'AcceptedCanceled') {
    return {
      failed: false,
      change: { awaitingSend: false, note: null, step: { atMs, state, status: `${cmd.action} ${answer}` } },
    };
  }
  const note = `station answered ${answer}`;
  return {
    failed: true,
    change: {
      awaitingSend: false,
      state: 'DOWNLOAD_FAILED',
      note,
      step: { atMs, state: 'DOWNLOAD_FAILED', status: `${cmd.action} ${answer}`, note },
    },
  };
}
