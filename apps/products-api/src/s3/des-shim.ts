/**
 * A process-wide shim that gives OpenSSL 3 back the single-DES cipher that
 * s3rver 3.7.1 needs for ListObjectsV2 continuation tokens.
 *
 * s3rver (`lib/controllers/bucket.js`) calls
 * `crypto.createCipheriv('des', key, iv)` and `crypto.createDecipheriv('des', key, iv)`
 * with an 8-byte key and an 8-byte IV. OpenSSL 3 moved single DES to its
 * "legacy" provider, so without `--openssl-legacy-provider` both calls throw
 * `ERR_OSSL_EVP_UNSUPPORTED` and every truncated listing page answers 500.
 *
 * Triple DES in EDE mode with the key `K || K || K` computes
 * `E_K(D_K(E_K(x))) = E_K(x)`: exactly single DES. So the shim wraps the two
 * factory functions of the `crypto` module and, **only** when the algorithm is
 * `des` / `des-cbc` and the key is 8 bytes, calls the original with
 * `des-ede3-cbc` and the key repeated three times. Every other call goes to the
 * original untouched. Nothing is installed when the running OpenSSL still
 * offers single DES.
 */
import crypto = require('node:crypto');

/** Marks the wrappers; `Symbol.for` so that a second copy of this module (jest registries) sees it too. */
const SHIM_MARK = Symbol.for('@s3verless/products-api/des-shim');

/** What {@link installDesShim} found. */
export type DesShimState = 'installed' | 'already-installed' | 'native';

type CipherivFactory = (algorithm: string, key: unknown, iv: unknown, options?: unknown) => unknown;
interface CipherFactories {
  createCipheriv: CipherivFactory;
  createDecipheriv: CipherivFactory;
}

const SINGLE_DES = new Set(['des', 'des-cbc']);
const DES_KEY_BYTES = 8;

function isShimmed(): boolean {
  return (crypto.createCipheriv as unknown as Record<symbol, unknown>)[SHIM_MARK] === true;
}

/** Whether the crypto provider of this process offers single DES itself. */
function nativeDesAvailable(): boolean {
  try {
    crypto.createCipheriv('des', Buffer.alloc(DES_KEY_BYTES), Buffer.alloc(DES_KEY_BYTES));
    return true;
  } catch {
    return false;
  }
}

/** The 24-byte triple-DES key `K || K || K`, or `undefined` when `key` is not an 8-byte binary key. */
function tripleKey(key: unknown): Buffer | undefined {
  if (!ArrayBuffer.isView(key) || key.byteLength !== DES_KEY_BYTES) return undefined;
  const bytes = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  return Buffer.concat([bytes, bytes, bytes]);
}

function wrap(original: CipherivFactory): CipherivFactory {
  const wrapped: CipherivFactory = function desShim(algorithm, key, iv, options) {
    if (typeof algorithm === 'string' && SINGLE_DES.has(algorithm.toLowerCase())) {
      const key3 = tripleKey(key);
      if (key3 !== undefined) return original.call(crypto, 'des-ede3-cbc', key3, iv, options);
    }
    return original.call(crypto, algorithm, key, iv, options);
  };
  Object.defineProperty(wrapped, SHIM_MARK, { value: true });
  return wrapped;
}

/**
 * Installs the single-DES shim into the `crypto` module of this process, once.
 * Idempotent and safe to call from every embedded-server start.
 *
 * @returns `'installed'` on the first effective call, `'already-installed'`
 * afterwards, `'native'` when OpenSSL offers DES itself (nothing is changed).
 */
export function installDesShim(): DesShimState {
  if (isShimmed()) return 'already-installed';
  if (nativeDesAvailable()) return 'native';
  const factories = crypto as unknown as CipherFactories;
  factories.createCipheriv = wrap(factories.createCipheriv);
  factories.createDecipheriv = wrap(factories.createDecipheriv);
  return 'installed';
}

/** Whether single DES works in this process (natively or through the shim). */
export function singleDesWorks(): boolean {
  return isShimmed() || nativeDesAvailable();
}
