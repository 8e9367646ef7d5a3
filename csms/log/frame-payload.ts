import type { FrameRecord } from '../../common/rpc-types.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;

/** A `\uD800`-`\uDFFF` escape: half of a UTF-16 surrogate pair. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;

/**
 * True when the text escapes a surrogate that is not part of a high-low pair (`"\ud800"`): valid
 * JSON for JavaScript, but PostgreSQL refuses to read it out of a JSON document, and one such row
 * would fail its whole batch. (A literal backslash before `u` may be taken for an escape; the
 * frame then keeps its raw text only, which loses nothing.)
 */
export function hasLoneSurrogateEscape(raw: string): boolean {
  if (!raw.includes('\\u')) return false;
  let pendingHighEnd = -1;
  for (const match of raw.matchAll(SURROGATE_ESCAPE)) {
    const high = '89abAB'.includes(match[0][3]!);
    if (pendingHighEnd >= 0) {
      if (high || match.index !== pendingHighEnd) return true;
      pendingHighEnd = -1;
    } else if (high) {
      pendingHighEnd = match.index + 6;
    } else {
      return true;
    }
  }
  return pendingHighEnd >= 0;
}

/**
 * Where the element after the `commas`-th top-level comma of a JSON array text starts, when every
 * element before it is a number or a string; -1 when the text has another shape.
 */
function elementStart(raw: string, commas: number): number {
  let seen = 0;
  for (let i = raw.indexOf('[') + 1; i > 0 && i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < raw.length; i++) {
        const d = raw.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === COMMA) {
      if (++seen === commas) return i + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      return -1;
    }
  }
  return -1;
}

/**
 * The payload of a CALL (`[2, id, action, payload]`) or CALLRESULT (`[3, id, payload]`) cut out of
 * the frame text without parsing it: the text from after the comma before the payload to the
 * closing bracket. Undefined when the text does not have that shape.
 */
function payloadSlice(raw: string, commas: number): string | undefined {
  const start = elementStart(raw, commas);
  if (start < 0) return undefined;
  const text = raw.slice(start, raw.lastIndexOf(']')).trim();
  return text.startsWith('{') && text.endsWith('}') ? text : undefined;
}

/** The payload by parsing the frame: the path for CALLERRORs and frames the slice does not fit. */
function parsedPayloadJson(raw: string, messageType: FrameRecord['messageType']): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const frame = parsed as unknown[];
  const payload =
    messageType === 'CALL'
      ? frame[3]
      : messageType === 'CALLRESULT'
        ? frame[2]
        : { errorCode: frame[2], errorDescription: frame[3], errorDetails: frame[4] };
  if (payload === undefined) return null;
  // An unpaired surrogate character (JSON.parse lets it through) comes out escaped.
  const json = JSON.stringify(payload);
  return hasLoneSurrogateEscape(json) ? null : json;
}

/**
 * The payload part of a frame as JSON text for a json column, or null when the frame is not a
 * JSON array or escapes NUL or an unpaired surrogate (its raw text is kept instead). A CALL or
 * CALLRESULT payload is the frame's own text, byte for byte, cut out without parsing (the RPC layer
 * parsed the frame already, and `messageType` says it had that shape); a CALLERROR becomes
 * `{ errorCode, errorDescription, errorDetails }`.
 */
export function payloadJsonOf(raw: string, messageType: FrameRecord['messageType']): string | null {
  // PostgreSQL refuses the \u0000 escape and lone surrogates in a JSON document it reads rows out
  // of; such frames keep their raw text only.
  if (messageType === 'INVALID' || raw.includes('\\u0000') || hasLoneSurrogateEscape(raw)) return null;
  if (messageType !== 'CALLERROR') {
    const slice = payloadSlice(raw, messageType === 'CALL' ? 3 : 2);
    if (slice !== undefined) return slice;
  }
  return parsedPayloadJson(raw, messageType);
}
