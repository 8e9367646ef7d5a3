/** A failed diagnostics upload, with why. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
}

/**
 * Where a file goes: a location ending in `/` is a directory (the file name is appended),
 * any other location is the upload URL itself.
 * @throws UploadError when the location is not an http(s) URL
 */
export function uploadTarget(location: string, fileName: string): string {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new UploadError(`location ${location} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UploadError(
      `location ${location} uses ${url.protocol.slice(0, -1)}; only http:// and https:// locations are uploaded`,
    );
  return location.endsWith('/') ? `${location}${encodeURIComponent(fileName)}` : location;
}

/**
 * Uploads a diagnostics file over HTTP(S) with PUT.
 * @throws UploadError naming the location and what went wrong (unreachable, or the HTTP status)
 */
export async function uploadDiagnostics(location: string, fileName: string, text: string): Promise<void> {
  const target = uploadTarget(location, fileName);
  let res: Response;
  try {
    res = await fetch(target, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: text,
    });
  } catch (error) {
    throw new UploadError(`cannot reach ${target}: ${(error as Error).message}`);
  }
  await res.body?.cancel().catch(() => undefined);
  if (!res.ok) throw new UploadError(`PUT ${target} answered ${res.status}`);
}
