import type {
  Answer,
  AnswerStep,
  ExpectCallStep,
  ExpectNoCallStep,
  FieldPattern,
  OperatorStep,
  PayloadSource,
  SendCallStep,
  SendRawStep,
  WaitStep,
} from './conformance-case.js';

/** Receive the peer's next significant CALL: it must be `action` with `fields`. */
export function expectCall(
  action: string,
  fields?: FieldPattern,
  options: Omit<ExpectCallStep, 'kind' | 'action' | 'fields'> = {},
): ExpectCallStep {
  return { kind: 'expect-call', action, ...(fields === undefined ? {} : { fields }), ...options };
}

/** The peer may send `action` with `fields` next; when it sends something else, the case goes on. */
export function mayReceive(action: string, fields?: FieldPattern, withinMs?: number): ExpectCallStep {
  return expectCall(action, fields, { optional: true, ...(withinMs === undefined ? {} : { withinMs }) });
}

/** Send a CALL and check the answer's fields. */
export function sendCall(
  action: string,
  payload: PayloadSource,
  expect?: FieldPattern,
  options: Omit<SendCallStep, 'kind' | 'action' | 'payload' | 'expect'> = {},
): SendCallStep {
  return { kind: 'send-call', action, payload, ...(expect === undefined ? {} : { expect }), ...options };
}

/** Send a CALL that must be answered with a CALLERROR of one of `codes`. */
export function sendCallExpectingError(
  action: string,
  payload: PayloadSource,
  codes: string | readonly string[],
): SendCallStep {
  return { kind: 'send-call', action, payload, expectError: codes };
}

/** Send a bad frame (`{id}` becomes a fresh message id); it must be answered with one of `codes`. */
export function sendRaw(frame: string, codes: string | readonly string[]): SendRawStep {
  return { kind: 'send-raw', frame, expectError: codes };
}

/** From now on in the case, answer `action` with `answer`. */
export function answer(action: string, with_: Answer): AnswerStep {
  return { kind: 'answer', action, answer: with_ };
}

/** No `action` (with `fields`) may come for `forMs`. */
export function expectNoCall(action: string, forMs: number, fields?: FieldPattern): ExpectNoCallStep {
  return { kind: 'expect-no-call', action, forMs, ...(fields === undefined ? {} : { fields }) };
}

/** Let `ms` of clock time pass. */
export function wait(ms: number): WaitStep {
  return { kind: 'wait', ms };
}

/** Plug the EV cable into a connector. */
export function plugIn(evseId = 1): OperatorStep {
  return { kind: 'operator', action: { kind: 'plug-in', evseId } };
}

/** Unplug the EV cable. */
export function unplug(evseId = 1): OperatorStep {
  return { kind: 'operator', action: { kind: 'unplug', evseId } };
}

/** Present an RFID card. */
export function presentIdTag(idTag: string, evseId = 1): OperatorStep {
  return { kind: 'operator', action: { kind: 'present-id-tag', evseId, idTag } };
}

/** Switch the charger off and on. */
export function powerCycle(): OperatorStep {
  return { kind: 'operator', action: { kind: 'power-cycle' } };
}

/** Take the charger off the network. */
export function goOffline(): OperatorStep {
  return { kind: 'operator', action: { kind: 'go-offline' } };
}

/** Put the charger back on the network. */
export function goOnline(): OperatorStep {
  return { kind: 'operator', action: { kind: 'go-online' } };
}

/** Make the CSMS under test send a command (a person at its console, or the reference CSMS's API). */
export function csmsCommand(action: string, payload: PayloadSource): OperatorStep {
  return typeof payload === 'function'
    ? { kind: 'operator', action: { kind: 'csms-command', action, payload: {} }, payloadFrom: payload }
    : { kind: 'operator', action: { kind: 'csms-command', action, payload } };
}
