/**
 * Longest accepted link, in characters.
 *
 * @public
 */
export const maxLinkLength = 2048;

/**
 * Whether a string is an absolute http(s) URL of acceptable length. Links end
 * up as hrefs in the UI, so anything else (`javascript:`, `data:`) is refused.
 *
 * @public
 */
export function isHttpUrl(value: string): boolean {
  if (value.length > maxLinkLength) {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The OSV page of an advisory, for example
 * `https://osv.dev/vulnerability/RUSTSEC-2023-0071`.
 *
 * @public
 */
export function osvLink(advisoryId: string): string {
  return `https://osv.dev/vulnerability/${encodeURIComponent(advisoryId)}`;
}
