/**
 * A Structured Field Dictionary (RFC 8941 section 4.2.2), as `CDN-Cache-Control`
 * (RFC 9213) is written: `max-age=60, no-store`. Only what a cache directive
 * needs is kept: each member's bare value (an integer, decimal, string, token
 * or boolean; inner lists and byte sequences are read and kept as `list` /
 * `bytes`); parameters are validated and dropped. A value that is not a valid
 * Dictionary throws {@link InvalidStructuredFieldError}: RFC 9213 then ignores
 * the whole field.
 */

/** A member's value. */
export type BareItem =
  | { readonly type: 'integer' | 'decimal'; readonly value: number }
  | { readonly type: 'string' | 'token'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'bytes' | 'list' };

/** Thrown for a field value that is not a valid Structured Field Dictionary. */
export class InvalidStructuredFieldError extends Error {
  override readonly name = 'InvalidStructuredFieldError';
}

/** Parses a Dictionary; the first occurrence of a key is overridden by later ones, as RFC 8941 says. */
export function parseDictionary(input: string): Map<string, BareItem> {
  const parser = new Parser(input);
  return parser.dictionary();
}

class Parser {
  private i = 0;

  constructor(private readonly text: string) {}

  dictionary(): Map<string, BareItem> {
    const members = new Map<string, BareItem>();
    this.skip(' ');
    while (this.i < this.text.length) {
      const key = this.key();
      let value: BareItem = { type: 'boolean', value: true };
      if (this.text[this.i] === '=') {
        this.i++;
        value = this.text[this.i] === '(' ? this.innerList() : this.bareItem();
      }
      this.parameters();
      members.set(key, value);
      this.skipOws();
      if (this.i >= this.text.length) return members;
      if (this.text[this.i] !== ',') this.fail('expected a comma');
      this.i++;
      this.skipOws();
      if (this.i >= this.text.length) this.fail('trailing comma');
    }
    return members;
  }

  private key(): string {
    const start = this.i;
    if (!/[a-z*]/.test(this.text[this.i] ?? '')) this.fail('a key must start with a lowercase letter or *');
    while (this.i < this.text.length && /[a-z0-9_\-.*]/.test(this.text[this.i])) this.i++;
    return this.text.slice(start, this.i);
  }

  private parameters(): void {
    while (this.text[this.i] === ';') {
      this.i++;
      this.skip(' ');
      this.key();
      if (this.text[this.i] === '=') {
        this.i++;
        this.bareItem();
      }
    }
  }

  private innerList(): BareItem {
    this.i++; // (
    for (;;) {
      this.skip(' ');
      if (this.text[this.i] === ')') {
        this.i++;
        this.parameters();
        return { type: 'list' };
      }
      this.bareItem();
      this.parameters();
      const next = this.text[this.i];
      if (next !== ' ' && next !== ')') this.fail('malformed inner list');
    }
  }

  private bareItem(): BareItem {
    const c = this.text[this.i];
    if (c === undefined) this.fail('missing value');
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === '"') return this.string();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    if (/[A-Za-z*]/.test(c)) return this.token();
    return this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private number(): BareItem {
    const match = /^-?(\d{1,15})(\.\d{1,3})?/.exec(this.text.slice(this.i));
    if (match === null || (match[2] !== undefined && match[1].length > 12)) this.fail('malformed number');
    this.i += match[0].length;
    const after = this.text[this.i];
    if (after !== undefined && /[0-9.]/.test(after)) this.fail('number too long');
    return { type: match[2] === undefined ? 'integer' : 'decimal', value: Number(match[0]) };
  }

  private string(): BareItem {
    let value = '';
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i++];
      if (c === '\\') {
        const escaped = this.text[this.i++];
        if (escaped !== '"' && escaped !== '\\') this.fail('bad escape in string');
        value += escaped;
      } else if (c === '"') {
        return { type: 'string', value };
      } else {
        const code = c.charCodeAt(0);
        if (code < 0x20 || code > 0x7e) this.fail('bad character in string');
        value += c;
      }
    }
    return this.fail('unterminated string');
  }

  private bytes(): BareItem {
    const end = this.text.indexOf(':', this.i + 1);
    if (end === -1 || !/^[A-Za-z0-9+/=]*$/.test(this.text.slice(this.i + 1, end))) this.fail('malformed byte sequence');
    this.i = end + 1;
    return { type: 'bytes' };
  }

  private boolean(): BareItem {
    const c = this.text[this.i + 1];
    if (c !== '0' && c !== '1') this.fail('malformed boolean');
    this.i += 2;
    return { type: 'boolean', value: c === '1' };
  }

  private token(): BareItem {
    const start = this.i;
    while (this.i < this.text.length && /[!#$%&'*+.^_`|~0-9A-Za-z:/-]/.test(this.text[this.i])) this.i++;
    return { type: 'token', value: this.text.slice(start, this.i) };
  }

  private skip(c: string): void {
    while (this.text[this.i] === c) this.i++;
  }

  private skipOws(): void {
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
  }

  private fail(message: string): never {
    throw new InvalidStructuredFieldError(`${message} at ${this.i} in ${JSON.stringify(this.text)}`);
  }
}
