/**
 * The UTF-8 size of `text` when it is over `maxBytes`, otherwise undefined. Bytes are counted only
 * when the text could be that long (one UTF-16 code unit is at most three UTF-8 bytes), so the
 * frame-size checks cost nothing for the frames that are far below the limit.
 */
export function utf8BytesOver(text: string, maxBytes: number): number | undefined {
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > maxBytes ? bytes : undefined;
}
