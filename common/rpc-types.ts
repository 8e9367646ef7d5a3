import type { OcppErrorCode, RpcErrorKind } from './ocpp-errors.js';
import type { OcppVersion } from './ocpp-version.js';

/** OCPP-J MessageTypeIds. */
export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

/** Which way a frame travelled, absolutely (not relative to the recorder). */
export type FrameDirection = 'station->csms' | 'csms->station';

/** Which side an endpoint plays. */
export type RpcSide = 'csms' | 'station';

/** One schema violation, located by JSON pointer, with the OCPP-J code it maps to. */
export interface Violation {
  /** JSON pointer into the payload ('' for the payload itself), e.g. `/meterValue/0/timestamp`. */
  readonly pointer: string;
  /** What is wrong, in words that say what to change. */
  readonly message: string;
  /** The version-neutral error class. */
  readonly kind: RpcErrorKind;
  /** The OCPP-J error code for the frame's version. */
  readonly code: OcppErrorCode;
}

/** Result of validating one payload. */
export type ValidationResult =
  { readonly ok: true } | { readonly ok: false; readonly violations: Violation[] };

/** Whether a payload is the CALL's or its CALLRESULT's. */
export type PayloadKind = 'request' | 'response';

/**
 * Validates payloads against the official schemas. Implemented in schemas/ (`createValidator`),
 * injected into every {@link RpcEndpointOptions}.
 */
export interface FrameValidator {
  /** True when `action` is an action of `version` (has request and response schemas). */
  hasAction(version: OcppVersion, action: string): boolean;
  /** Validates `payload` as the request or response of `action`. */
  validate(version: OcppVersion, action: string, kind: PayloadKind, payload: unknown): ValidationResult;
}

/** What a {@link FrameTap} is told about every frame in and out. */
export interface FrameRecord {
  /** Clock time (epoch ms) when the frame was sent or received. */
  readonly timeMs: number;
  readonly direction: FrameDirection;
  readonly stationId: string;
  readonly version: OcppVersion;
  /** 'INVALID' for a frame that is not a well-formed OCPP-J message. */
  readonly messageType: 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'INVALID';
  readonly messageId?: string;
  /** The action (for CALLRESULT/CALLERROR, the action of the CALL it answers, when known). */
  readonly action?: string;
  /** The frame exactly as sent or received. */
  readonly raw: string;
  /** 'valid', 'invalid', or 'unchecked' (no schema applies, e.g. a CALLERROR or an unknown action). */
  readonly verdict: 'valid' | 'invalid' | 'unchecked';
  readonly violations: readonly Violation[];
}

/** Sees every frame an endpoint sends and receives. */
export type FrameTap = (record: FrameRecord) => void;

/** A {@link FrameRecord} without the frame's text. */
export type FrameSummary = Omit<FrameRecord, 'raw'>;

/**
 * Counts every frame an endpoint sends and receives, like a {@link FrameTap} but without the
 * frame's text: where no tap reads it, a frame to a peer in this process is not printed at all.
 */
export type FrameCounter = (record: FrameSummary) => void;

/** Describes the actions one direction carries: payload types of request and response. */
export type ActionMap = Record<string, { request: unknown; response: unknown }>;

/** Anything goes: for endpoints that are not typed by action. */
export type UntypedActions = Record<string, { request: unknown; response: unknown }>;
