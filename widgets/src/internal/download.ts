/**
 * Hands a fetched file to the browser's download manager. Downloads that need the bearer token
 * cannot be plain links (a link sends no Authorization header), so the widget fetches the file and
 * saves it through a short-lived Blob URL.
 */
export function saveBlob(blob: Blob, fileName: string, within: Node): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  // Inside the widget's shadow root, so the host page's DOM is never touched.
  within.appendChild(link);
  link.click();
  link.remove();
  // The download has started by now; a little later keeps slow browsers from losing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of a Content-Disposition header, or the fallback. */
export function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed encoded name: the plain one below or the fallback will do.
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}
