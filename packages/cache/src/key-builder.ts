/**
 * Cache keys in the exact format of Python S3verless' `CacheKeyBuilder`, so that
 * a TypeScript service and a Python service can share one Redis.
 */
import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json';
import { InvalidArgumentError, InvalidOptionError } from './errors';

/** A model: a class (its `name` is used, like Python's `__name__`) or the model name itself. */
export type ModelRef = string | { readonly name: string };

/** Query filters of a list or count query, e.g. `{ is_active: true, price__gt: 10 }`. */
export type CacheFilters = Readonly<Record<string, unknown>>;

/** Sort direction of a list query. */
export type SortOrder = 'asc' | 'desc';

/** Options of {@link CacheKeyBuilder}. */
export interface CacheKeyBuilderOptions {
  /** First segment of every key. Non-empty, without the glob characters `*?[]`. Default `'s3v'`. */
  readonly prefix?: string;
}

/** The query a {@link CacheKeyBuilder.modelListKey | list key} stands for. */
export interface ModelListKeyOptions {
  /** Filters of the query; `undefined` is the same as `{}`. */
  readonly filters?: CacheFilters | null;
  /** Field the list is sorted by; `undefined` is the same as `null` (no sort). */
  readonly sortField?: string | null;
  /** Sort direction. Default `'asc'`. */
  readonly sortOrder?: SortOrder;
  /** 1-based page number. Default `1`. */
  readonly page?: number;
  /** Items per page. Default `20`. */
  readonly pageSize?: number;
}

const DEFAULT_PREFIX = 's3v';
const GLOB_CHARACTERS = /[*?[\]]/;

/** First 16 lowercase hex digits of the SHA-256 of `text` (UTF-8), as Python's `hexdigest()[:16]`. */
function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

function modelName(model: ModelRef): string {
  const name: unknown = typeof model === 'string' ? model : (model as { name?: unknown } | null | undefined)?.name;
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError('model must be a non-empty string or a class (an object with a non-empty name)');
  }
  return name;
}

function resolvePrefix(options: CacheKeyBuilderOptions | string | undefined): string {
  if (options !== undefined && typeof options !== 'string' && (typeof options !== 'object' || options === null)) {
    throw new InvalidOptionError('prefix', 'the constructor accepts a prefix string or an options object');
  }
  const prefix: unknown = typeof options === 'string' ? options : (options?.prefix ?? DEFAULT_PREFIX);
  if (typeof prefix !== 'string' || prefix === '') {
    throw new InvalidOptionError('prefix', 'must be a non-empty string');
  }
  if (GLOB_CHARACTERS.test(prefix)) {
    throw new InvalidOptionError('prefix', `must not contain the glob characters *?[] (got ${JSON.stringify(prefix)})`);
  }
  return prefix;
}

/**
 * Builds cache keys and invalidation patterns for models, byte-compatible with
 * Python S3verless: the same prefix, model and query give the same key in both,
 * including the 16-hex-digit hashes of list and count keys (SHA-256 over the
 * query written as `json.dumps(..., sort_keys=True)`, see {@link canonicalJson}).
 * A TypeScript and a Python service can therefore share one Redis and
 * invalidate each other's entries.
 *
 * Key shapes, with the default prefix `s3v`:
 *
 * | method                  | key                                 |
 * | ----------------------- | ----------------------------------- |
 * | `modelKey`              | `s3v:model:Product:abc123`          |
 * | `modelListKey`          | `s3v:list:Product:ed1a23bf0818c12d` |
 * | `modelCountKey`         | `s3v:count:Product:all`             |
 * | `modelPattern`          | `s3v:*:Product:*`                   |
 * | `customKey('a', 1)`     | `s3v:a:1`                           |
 *
 * @example
 * class Product {}
 * const keys = new CacheKeyBuilder({ prefix: 'myapp' });
 * keys.modelKey(Product, 'abc123'); // 'myapp:model:Product:abc123'
 * keys.modelPattern(Product);       // 'myapp:*:Product:*'
 */
export class CacheKeyBuilder {
  /** First segment of every key and pattern this builder makes. */
  readonly prefix: string;

  /**
   * @param options The prefix itself, or `{ prefix }`; default prefix `'s3v'`.
   * @throws {InvalidOptionError} When the prefix is empty, not a string, or
   *   contains one of the glob characters `*?[]` (which would break patterns).
   */
  constructor(options?: CacheKeyBuilderOptions | string) {
    this.prefix = resolvePrefix(options);
  }

  /**
   * Key of one model instance: `{prefix}:model:{Name}:{id}`, e.g.
   * `s3v:model:Product:abc123`. Same as Python's `model_key`.
   *
   * @param model The model class or its name.
   * @param id The instance id; a number is written as JavaScript writes it.
   * @throws {InvalidArgumentError} For an empty model name, or an id that is
   *   neither a string nor a finite number.
   */
  modelKey(model: ModelRef, id: string | number): string {
    const name = modelName(model);
    if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
      throw new InvalidArgumentError('id must be a string or a finite number');
    }
    return `${this.prefix}:model:${name}:${id}`;
  }

  /**
   * Key of one page of a list query: `{prefix}:list:{Name}:{hash}`, e.g.
   * `s3v:list:Product:ed1a23bf0818c12d`. The hash is the first 16 hex digits of
   * the SHA-256 of the canonical JSON of
   * `{"filters": …, "page": …, "page_size": …, "sort_field": …, "sort_order": …}`,
   * identical to Python's `model_list_key`. Filter key order does not matter, and
   * leaving an option out gives the same key as passing its default.
   *
   * @param model The model class or its name.
   * @param options Filters, sort and paging; defaults: no filters, no sort
   *   field, `'asc'`, page `1`, page size `20`.
   * @throws {InvalidArgumentError} For an empty model name, or filters that
   *   {@link canonicalJson} cannot write.
   */
  modelListKey(model: ModelRef, options: ModelListKeyOptions = {}): string {
    const name = modelName(model);
    const { filters, sortField, sortOrder = 'asc', page = 1, pageSize = 20 } = options;
    const query = {
      filters: filters ?? {},
      page,
      page_size: pageSize,
      sort_field: sortField ?? null,
      sort_order: sortOrder,
    };
    return `${this.prefix}:list:${name}:${shortHash(canonicalJson(query))}`;
  }

  /**
   * Key of the result count of a query: `{prefix}:count:{Name}:{hash}` with the
   * hash (16 hex digits of SHA-256) of the canonical JSON of the filters, e.g.
   * `s3v:count:Product:89a174b4d9e4c94e` for `{ active: true }`; or
   * `{prefix}:count:{Name}:all` when there are no filters (`undefined`, `null` or
   * `{}`). Identical to Python's `model_count_key`.
   *
   * @param model The model class or its name.
   * @param filters Filters of the query.
   * @throws {InvalidArgumentError} For an empty model name, or filters that
   *   {@link canonicalJson} cannot write.
   */
  modelCountKey(model: ModelRef, filters?: CacheFilters | null): string {
    const name = modelName(model);
    const json = filters == null ? '{}' : canonicalJson(filters);
    // `{}` also covers filters whose every value is undefined: Python sees an empty dict.
    const suffix = json === '{}' ? 'all' : shortHash(json);
    return `${this.prefix}:count:${name}:${suffix}`;
  }

  /**
   * Pattern matching every key of a model (instances, lists, counts):
   * `{prefix}:*:{Name}:*`, e.g. `s3v:*:Product:*`.
   *
   * @param model The model class or its name.
   * @throws {InvalidArgumentError} For an empty model name.
   */
  modelPattern(model: ModelRef): string {
    return `${this.prefix}:*:${modelName(model)}:*`;
  }

  /**
   * Pattern matching the instance keys of a model: `{prefix}:model:{Name}:*`.
   *
   * @param model The model class or its name.
   * @throws {InvalidArgumentError} For an empty model name.
   */
  modelInstancePattern(model: ModelRef): string {
    return `${this.prefix}:model:${modelName(model)}:*`;
  }

  /**
   * Pattern matching the list keys of a model: `{prefix}:list:{Name}:*`.
   *
   * @param model The model class or its name.
   * @throws {InvalidArgumentError} For an empty model name.
   */
  modelListPattern(model: ModelRef): string {
    return `${this.prefix}:list:${modelName(model)}:*`;
  }

  /**
   * Pattern matching the count keys of a model: `{prefix}:count:{Name}:*`.
   *
   * @param model The model class or its name.
   * @throws {InvalidArgumentError} For an empty model name.
   */
  modelCountPattern(model: ModelRef): string {
    return `${this.prefix}:count:${modelName(model)}:*`;
  }

  /**
   * A key of your own: `{prefix}:` followed by the parts joined with `:`, e.g.
   * `customKey('stats', 'daily', 7)` gives `s3v:stats:daily:7`. Same as
   * Python's `custom_key`.
   *
   * @param parts At least one string or finite number.
   * @throws {InvalidArgumentError} When no part is given, or a part is neither a
   *   string nor a finite number.
   */
  customKey(...parts: Array<string | number>): string {
    if (parts.length === 0) throw new InvalidArgumentError('customKey needs at least one part');
    for (const part of parts) {
      if (typeof part !== 'string' && !(typeof part === 'number' && Number.isFinite(part))) {
        throw new InvalidArgumentError('customKey parts must be strings or finite numbers');
      }
    }
    return `${this.prefix}:${parts.join(':')}`;
  }
}
