import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { MIMEType } from 'node:util';
import express, { type RequestHandler } from 'express';
import { ApiError } from './api-error';

/** A JSON body whose bytes are not valid UTF-8 (RFC 8259 requires UTF-8); answered 400 `invalid_json`. */
export class InvalidUtf8BodyError extends Error {
  override readonly name = 'InvalidUtf8BodyError';
  /** Read by the body parser, which keeps this error's status and type. */
  readonly status = 400;
  readonly type = 'entity.encoding.invalid';

  constructor() {
    super('The request body is not valid UTF-8.');
  }
}

/** The lower-cased `charset` parameter of a `Content-Type`, if it has one and parses. */
function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  try {
    return new MIMEType(contentType).params.get('charset')?.toLowerCase();
  } catch {
    return undefined; // left to the body parser, which answers an unparsable type itself
  }
}

const rejectInvalidUtf8 = (_req: IncomingMessage, _res: unknown, body: Buffer): void => {
  if (!isUtf8(body)) throw new InvalidUtf8BodyError();
};

/**
 * Parses JSON bodies (`application/json`, at most `limit`), strictly: the bytes must be UTF-8
 * (invalid sequences are a 400, never replaced by U+FFFD) and a charset other than `utf-8` is a
 * 415 (the parser would decode `utf-16` and friends). A request without a body skips the parser.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit, strict: false, verify: rejectInvalidUtf8 });
  return (req, res, next) => {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return next();
    const charset = charsetOf(req.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && req.is('application/json')) {
      return next(new ApiError(415, 'unsupported_media_type', `The charset ${charset} is not supported; send the body as UTF-8.`));
    }
    parse(req, res, next);
  };
}
