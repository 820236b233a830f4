/** How long the object URL of a download lives (ms): long enough for the browser to start saving. */
const URL_LIFETIME_MS = 60_000;

/** Saves `text` as a file called `name` through the browser's download (an object URL and a link's `download`). O(text). */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
}
