import type { Operator, OperatorAction, OperatorActionKind } from './operator.js';

/** Sends a command through a CSMS's own means (e.g. the reference CSMS's `sendCommand`). */
export type CommandSender = (
  stationId: string,
  action: string,
  payload: Record<string, unknown>,
) => Promise<unknown>;

/**
 * Makes a CSMS under test send the commands a case needs through its API instead of a person:
 * the command is started and not awaited (its answer comes from the harness's charger while the
 * case runs); a failure to send is reported on `onError`.
 */
export class CsmsApiOperator implements Operator {
  constructor(
    private readonly stationId: string,
    private readonly send: CommandSender,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  can(kind: OperatorActionKind): boolean {
    return kind === 'csms-command';
  }

  perform(action: OperatorAction): Promise<void> {
    if (action.kind !== 'csms-command') return Promise.reject(new Error(`a CSMS cannot ${action.kind}`));
    this.send(this.stationId, action.action, action.payload).catch(this.onError);
    return Promise.resolve();
  }
}
