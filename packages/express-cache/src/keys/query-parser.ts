import querystring from 'node:querystring';

/**
 * Which query parser gives the route its `req.query`:
 * - `'simple'`: `node:querystring` (Express 5's default, `app.set('query parser', 'simple')`);
 * - `'extended'`: `qs` as Express configures it (Express 4's default, `'extended'` in Express 5);
 * - `'opaque'`: anything else (a custom parser, no Express app: Connect, plain `node:http`).
 *   Its keys keep the query string exactly as sent, so they are right whatever reads it.
 */
export type QueryParserKind = 'simple' | 'extended' | 'opaque';

/** Both Express 4 and 5 name the function they build for `'extended'` like this. */
const EXPRESS_EXTENDED_PARSER = 'parseExtendedQueryString';

/**
 * The query parser of the app running the middleware (`req.app`), read at
 * request time so that `app.set('query parser', ...)` after mounting counts.
 */
export function queryParserOf(req: object): QueryParserKind {
  const app = (req as { app?: unknown }).app;
  if (typeof app !== 'function' && (typeof app !== 'object' || app === null)) return 'opaque';
  const get = (app as { get?: unknown }).get;
  if (typeof get !== 'function') return 'opaque';
  let parser: unknown;
  try {
    parser = get.call(app, 'query parser fn');
  } catch {
    return 'opaque';
  }
  if (parser === querystring.parse) return 'simple';
  if (typeof parser === 'function' && parser.name === EXPRESS_EXTENDED_PARSER) return 'extended';
  return 'opaque';
}
