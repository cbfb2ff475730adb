import fc from 'fast-check';

/**
 * Pieces of request targets that parsers and routers have read differently:
 * case variants, valid and malformed escapes (of letters, `/`, `%`, `&`, `=`,
 * `[`, `]`, `#`, `+`, UTF-8 and bytes that are not), raw `+`, `;`, `:`, `|`,
 * a raw non-ASCII byte (Node answers 400 itself), dot segments, empty segments. The alphabet is small
 * on purpose, so that different targets often meet on one key.
 */
const VALID_PIECES = [
  'a', 'A', 'b', 'B', 'x', '1', '%41', '%61', '%2F', '%2f', '%25', '%2541', '%26', '%3D', '%5B', '%5D', '%5b', '%23', '%2B',
  '+', '%20', ';', ':', '|', '~', '.', '..', '*', '[', ']', '[]', '%C3%A9', '%C3%89', '%E2%82%AC', '%F0%9F%98%80',
];
const HOSTILE_PIECES = ['%zz', '%', '%4', '%E0%A4', '%FF', '%C3', '\u00e9'];
const piece = fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...VALID_PIECES) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PIECES) });
const text = fc.array(piece, { minLength: 0, maxLength: 3 }).map((parts) => parts.join(''));

/** `items` in any case, sometimes escaped. */
const itemsWord = fc.constantFrom('items', 'Items', 'ITEMS', 'iTeMs', '%69tems', 'item', 'items.');

const path = fc
  .tuple(
    fc.constantFrom('', '/', '/./', '/x/../', '//'),
    itemsWord,
    fc.option(text, { nil: undefined }),
    fc.constantFrom('', '/', '//', '/.', '/..'),
  )
  .map(([lead, word, id, trail]) => {
    const base = `${lead.startsWith('/') ? lead : `/${lead}`}${word}`;
    return `${base}${id === undefined ? '' : `/${id}`}${trail}`;
  });

/** Names that qs merges in order of appearance (`a`, `a[]`, `a[0]`, ...) come often. */
const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'a[]', 'a[0]', 'a[1]', 'a[b]', 'b') },
  { weight: 2, arbitrary: fc.constantFrom('A', '%61', 'a%5B%5D', 'a%5Bb%5D', '', '__proto__', 'a]', 'a=b]') },
  { weight: 1, arbitrary: text },
);
const value = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('1', '2', 'x') }, { weight: 1, arbitrary: text });
const pair = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) },
  { weight: 1, arbitrary: name },
  { weight: 1, arbitrary: fc.tuple(name, text, text).map(([n, v, w]) => `${n}=${v}]=${w}`) },
  { weight: 1, arbitrary: fc.constant('') },
);
/** The pairs of a query: a few pairs, or a run of empty pairs around the parsers' 1,000-pair limit, then a pair. */
const pairs = fc.oneof(
  { weight: 12, arbitrary: fc.array(pair, { minLength: 0, maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 995, max: 1003 }), pair).map(([empty, last]) => [...Array<string>(empty).fill(''), last]),
  },
);

interface TargetParts {
  readonly origin: string;
  readonly path: string;
  readonly pairs: readonly string[] | undefined;
  readonly fragment: string | undefined;
}

function render({ origin, path: p, pairs: q, fragment }: TargetParts): string {
  return `${origin}${p}${q === undefined ? '' : `?${q.join('&')}`}${fragment === undefined ? '' : `#${fragment}`}`;
}

function flipCase(text: string, mask: number): string {
  return [...text].map((c, i) => ((mask >> i % 16) & 1 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}

/**
 * A group of related request targets: one random target (origin-form or
 * absolute-form `http://host`, a path around `/items` and `/items/:id`,
 * perhaps a query, perhaps a raw fragment) and variants that a key might
 * wrongly merge with it — its pairs in another order, its pairs without
 * the empty ones, its path in other letter cases, the other target form.
 */
export function targetGroupArbitrary(host: string): fc.Arbitrary<string[]> {
  const origin = fc.constantFrom('', '', '', `http://${host}`, `HTTP://${host}`);
  const base = fc.record({
    origin,
    path,
    pairs: fc.option(pairs, { nil: undefined, freq: 6 }),
    fragment: fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: text }),
  });
  return base.chain((parts) =>
    fc
      .tuple(
        parts.pairs === undefined ? fc.constant(undefined) : fc.shuffledSubarray([...parts.pairs], { minLength: parts.pairs.length }),
        fc.integer({ min: 0, max: 0xffff }),
        origin,
        fc.integer({ min: 1, max: 4 }),
      )
      .map(([shuffled, mask, otherOrigin, count]) => {
        const variants = [
          render({ ...parts, pairs: shuffled }),
          render({ ...parts, pairs: parts.pairs?.filter((p) => p !== '') }),
          render({ ...parts, path: flipCase(parts.path, mask) }),
          render({ ...parts, origin: otherOrigin, pairs: shuffled }),
        ];
        return [render(parts), ...variants.slice(0, count - 1)];
      }),
  );
}
