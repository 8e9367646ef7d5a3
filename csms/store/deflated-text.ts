import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Values to be written as JSON, one per line, into one text (built where the text is compressed). */
export interface JsonLines {
  readonly jsonLines: readonly unknown[];
}

/**
 * A statement parameter given as text that the database receives compressed: the base64 text of
 * the raw DEFLATE (RFC 1951, level 1) of its UTF-8, or a text[] of those when given several texts.
 * The text may also be given as values written as JSON lines, which the driver serialises where it
 * compresses. SQL turns it into bytea with `decode($n, 'base64')`. Each driver does this work where
 * it costs the protocol thread least: the embedded database on its own thread, `pg` in this one.
 */
export class DeflatedText {
  constructor(readonly text: string | readonly string[] | JsonLines) {}
}

/** The text a {@link DeflatedText} of JSON lines stands for. */
export function jsonLinesText(lines: JsonLines): string {
  return lines.jsonLines.map((v) => JSON.stringify(v)).join('\n');
}

/** The field that marks a {@link DeflatedText} on its way to the embedded database's thread. */
export const DEFLATED_TEXT_FIELD = 'ocppHarnessDeflatedText';

/** base64 of the raw DEFLATE of `text`'s UTF-8: what a {@link DeflatedText} stands for. */
export function deflateToBase64(text: string): string {
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 }).toString('base64');
}

/** The parameters with every {@link DeflatedText} compressed, here and now. */
export function deflateParams(params: readonly unknown[]): unknown[] {
  return params.map((p) => {
    if (!(p instanceof DeflatedText)) return p;
    const text = p.text;
    if (typeof text === 'string') return deflateToBase64(text);
    return 'jsonLines' in text ? deflateToBase64(jsonLinesText(text)) : text.map(deflateToBase64);
  });
}

/** The parameters with every {@link DeflatedText} as a marked plain object, for the database thread. */
export function markDeflatedParams(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p instanceof DeflatedText ? { [DEFLATED_TEXT_FIELD]: p.text } : p));
}

/**
 * The lines of a stored page written from a {@link DeflatedText}: `deflate` is raw DEFLATE of UTF-8
 * lines, `none` the UTF-8 lines as they are (what migrations store).
 */
export function pageLines(encoding: 'deflate' | 'none', bytes: Uint8Array): string[] {
  const text = encoding === 'deflate' ? inflateRawSync(bytes) : bytes;
  return Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8').split('\n');
}
