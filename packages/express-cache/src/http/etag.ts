import { createHash } from 'node:crypto';

/**
 * A strong entity tag computed from the body bytes: `"<length in hex>-<sha1 base64url>"`.
 * Same bytes, same tag, in every process.
 */
export function strongEtag(body: Buffer): string {
  const digest = createHash('sha1').update(body).digest('base64url');
  return `"${body.length.toString(16)}-${digest}"`;
}
