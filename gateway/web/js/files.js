// Files the gateway sends, handed to the browser as downloads.

import { el } from './dom.js';

/** Hands `file` ({blob, fileName}) to the browser as a download. */
export function save({ blob, fileName }) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: fileName, hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Sizes in words, for an outcome line. */
export function size(bytes) {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KiB`;
}
