// Minimal types for `parseurl` (the parser Express, its router and Connect use for `req.url`).
declare module 'parseurl' {
  import type { IncomingMessage } from 'node:http';
  interface ParsedUrl {
    pathname: string | null;
    query: string | null | Record<string, unknown>;
  }
  function parseurl(req: IncomingMessage): ParsedUrl | undefined;
  namespace parseurl {
    function original(req: IncomingMessage & { originalUrl?: string }): ParsedUrl | undefined;
  }
  export = parseurl;
}
