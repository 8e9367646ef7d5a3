/**
 * A step a person does at the charger, or at the CSMS under test. For our own simulated charger
 * (and for the reference CSMS in tests) the harness performs it itself.
 */
export type OperatorAction =
  | { readonly kind: 'plug-in'; readonly evseId: number }
  | { readonly kind: 'unplug'; readonly evseId: number }
  | { readonly kind: 'ev-suspend'; readonly evseId: number }
  | { readonly kind: 'present-id-tag'; readonly evseId: number; readonly idTag: string }
  | { readonly kind: 'power-cycle' }
  | { readonly kind: 'block-connector-lock'; readonly evseId: number }
  | { readonly kind: 'arrange-failing-install' }
  | { readonly kind: 'go-offline' }
  | { readonly kind: 'go-online' }
  | { readonly kind: 'csms-command'; readonly action: string; readonly payload: Record<string, unknown> };

/** Every operator action kind. */
export type OperatorActionKind = OperatorAction['kind'];

/** Does what a test case asks a person to do. */
export interface Operator {
  /** Whether this operator can do `kind` at all (a case that needs more is NOT_APPLICABLE). */
  can(kind: OperatorActionKind): boolean;
  /** Does the action; resolves once it is done (a person confirmed, or the simulator acted). */
  perform(action: OperatorAction, instruction: string): Promise<void>;
  /** Brings the peer back to idle after a case (no EV, no transaction, online). */
  tidyUp?(): Promise<void>;
}

/** The instruction a person reads for an action. */
export function instructionFor(action: OperatorAction, stationId: string): string {
  switch (action.kind) {
    case 'plug-in':
      return `Plug the EV cable into connector ${action.evseId} of ${stationId}`;
    case 'unplug':
      return `Unplug the EV cable from connector ${action.evseId} of ${stationId}`;
    case 'ev-suspend':
      return `Make the EV on connector ${action.evseId} of ${stationId} stop charging from the EV side (e.g. set its charge limit to the present state of charge)`;
    case 'present-id-tag':
      return `Present an RFID card (id ${action.idTag}) at connector ${action.evseId} of ${stationId}`;
    case 'block-connector-lock':
      return `Block the connector lock of connector ${action.evseId} of ${stationId} so that it cannot unlock`;
    case 'arrange-failing-install':
      return `Arrange for ${stationId} to fail installing the next firmware image (e.g. an image for another model)`;
    case 'power-cycle':
      return `Switch ${stationId} off and on again (cold boot)`;
    case 'go-offline':
      return `Disconnect ${stationId} from the network (unplug its network cable or modem)`;
    case 'go-online':
      return `Reconnect ${stationId} to the network`;
    case 'csms-command':
      return `From the CSMS under test, send ${action.action} ${JSON.stringify(action.payload)} to ${stationId}`;
  }
}
