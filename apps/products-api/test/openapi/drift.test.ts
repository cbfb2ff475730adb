/**
 * The document cannot drift from the code: its schemas are the zod schemas that validate
 * requests, its query parameters are exactly the filters the query engine accepts, and its error
 * codes are exactly the ones the sources produce.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { PRODUCT_FIELDS, productCreateSchema, productPatchSchema, productSchema, type FieldType } from '../../src/domain/product';
import { buildOpenApiDocument, COMPONENT_SOURCES, ERROR_CODES, filterParameterSpecs } from '../../src/openapi';
import { FILTER_OPERATORS, LIST_QUERY_DEFAULTS, MAX_PAGE_SIZE, parseListQuery, QueryValidationError, type ProductField } from '../../src/query';

const doc = buildOpenApiDocument();

/** `z.toJSONSchema` as the brief of the document says, without the `$schema` line. */
function zodJson(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Record<string, unknown>;
  return rest;
}

describe('component schemas are the zod schemas that validate requests', () => {
  it.each([
    ['Product', 'output', productSchema],
    ['ProductCreate', 'input', productCreateSchema],
    ['ProductPatch', 'input', productPatchSchema],
  ] as const)('%s equals z.toJSONSchema of the domain schema (io: %s), plus a description', (name, io, schema) => {
    expect(COMPONENT_SOURCES[name].schema).toBe(schema);
    expect(doc.components.schemas[name]).toEqual({ ...zodJson(schema, io), description: expect.any(String) });
  });

  it('requires what the zod schemas require and rejects unknown body fields', () => {
    const create = doc.components.schemas.ProductCreate as { required: string[]; additionalProperties: boolean };
    expect(create.required).toEqual(['name', 'sku', 'price', 'category']);
    expect(create.additionalProperties).toBe(false);
    const product = doc.components.schemas.Product as { required: string[] };
    expect(product.required).toEqual(expect.arrayContaining(['id', 'created_at', 'updated_at', 'is_active', 'stock']));
  });
});

/** A valid query-string value for a field type. */
const SAMPLES: Readonly<Record<FieldType, string>> = {
  uuid: '3f1c2a1e-5b7d-4c8e-9f00-1a2b3c4d5e6f',
  string: 'lamp',
  number: '12.5',
  integer: '3',
  boolean: 'true',
  datetime: '2024-01-15T10:30:00Z',
};

function sampleValue(type: FieldType, op: string): string {
  if (op === 'is_null' || op === 'is_not_null') return 'true';
  if (op === 'in' || op === 'not_in') return `${SAMPLES[type]},${SAMPLES[type]}`;
  return SAMPLES[type];
}

const filterField = (name: string): ProductField => name.split('__')[0] as ProductField;
const filterOp = (name: string): string => name.split('__')[1] ?? 'eq';

function accepted(query: Record<string, string>, options?: { allowPaging: boolean }): boolean {
  try {
    parseListQuery(query, options);
    return true;
  } catch (error) {
    if (error instanceof QueryValidationError) return false;
    throw error;
  }
}

describe('the list query parameters are exactly what the query engine accepts', () => {
  const documented = new Set(filterParameterSpecs().map((spec) => spec.name));
  const fields = Object.keys(PRODUCT_FIELDS) as ProductField[];
  const candidates = fields.flatMap((field) => [
    { name: field, field, op: 'eq' },
    ...FILTER_OPERATORS.map((op) => ({ name: `${field}__${op}`, field, op: op as string })),
  ]);

  it('documents a `field` / `field__op` parameter if and only if parseListQuery accepts it (every field x every operator)', () => {
    expect(candidates).toHaveLength(fields.length * (FILTER_OPERATORS.length + 1));
    const mismatches = candidates
      .map(({ name, field, op }) => ({ name, documented: documented.has(name), accepted: accepted({ [name]: sampleValue(PRODUCT_FIELDS[field].type, op) }) }))
      .filter((entry) => entry.documented !== entry.accepted);
    expect(mismatches).toEqual([]);
    // The same filters apply to GET /products/count.
    expect([...documented].filter((name) => !accepted({ [name]: sampleValue(PRODUCT_FIELDS[filterField(name)].type, filterOp(name)) }, { allowPaging: false }))).toEqual([]);
  });

  it('documents every operator somewhere and no parameter the engine does not know', () => {
    const ops = new Set(filterParameterSpecs().map((spec) => spec.op));
    expect([...ops].sort()).toEqual([...FILTER_OPERATORS].sort());
    expect([...documented].every((name) => candidates.some((candidate) => candidate.name === name))).toBe(true);
  });

  it('documents sort_by, sort_order, page and page_size with the bounds and defaults the engine applies', () => {
    const parameters = doc.components.parameters;
    const sortBy = parameters.sort_by.schema as { enum: string[]; default: string };
    for (const field of sortBy.enum) expect(accepted({ sort_by: field })).toBe(true);
    expect(sortBy.enum).toEqual(fields);
    expect(accepted({ sort_by: 'nope' })).toBe(false);
    expect((parameters.sort_order.schema as { enum: string[] }).enum.every((order) => accepted({ sort_order: order }))).toBe(true);

    const pageSize = parameters.page_size.schema as { minimum: number; maximum: number; default: number };
    expect(pageSize).toMatchObject({ minimum: 1, maximum: MAX_PAGE_SIZE, default: LIST_QUERY_DEFAULTS.pageSize });
    expect(accepted({ page_size: String(pageSize.maximum) })).toBe(true);
    expect(accepted({ page_size: String(pageSize.maximum + 1) })).toBe(false);
    expect(accepted({ page_size: String(pageSize.minimum - 1) })).toBe(false);
    expect(accepted({ page: '0' })).toBe(false);

    const defaults = parseListQuery({});
    expect(defaults).toMatchObject({ sortBy: sortBy.default, page: (parameters.page.schema as { default: number }).default, pageSize: pageSize.default });
    expect(defaults.sortOrder).toBe((parameters.sort_order.schema as { default: string }).default);
  });
});

describe('error codes', () => {
  const srcRoot = join(__dirname, '../../src');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? (entry.name === 'openapi' ? [] : sources(join(dir, entry.name))) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
    );
  /** Every `new ApiError(status, 'code'` in the sources (outside the document itself). */
  const produced = sources(srcRoot).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/new ApiError\(\s*([^,]+?)\s*,\s*'([a-z_]+)'/g)].map(([, status, code]) => ({
      where: relative(srcRoot, file),
      status: /^\d+$/.test(status) ? Number(status) : undefined,
      code,
    })),
  );

  it('finds the codes of the sources (the scan works)', () => {
    expect(produced.map((entry) => entry.code)).toEqual(expect.arrayContaining(['not_found', 'invalid_id', 'invalid_query', 'storage_unavailable']));
  });

  it('documents every code the sources produce, with its status', () => {
    const table: Readonly<Record<string, { readonly statuses: readonly number[] }>> = ERROR_CODES;
    for (const { where, status, code } of produced) {
      expect({ where, code, documented: code in table }).toEqual({ where, code, documented: true });
      if (status !== undefined) expect({ where, code, statuses: table[code].statuses }).toEqual({ where, code, statuses: expect.arrayContaining([status]) });
    }
  });

  it('documents no code that the sources never produce', () => {
    const codes = new Set(produced.map((entry) => entry.code));
    expect(Object.keys(ERROR_CODES).filter((code) => !codes.has(code))).toEqual([]);
  });

  it('puts every code under each of its statuses in at least one operation', () => {
    const seen = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if ('$ref' in response) continue;
          for (const media of Object.values(response.content ?? {})) for (const code of Object.keys(media.examples ?? {})) seen.add(`${status} ${code}`);
        }
      }
    }
    const expected = Object.entries(ERROR_CODES).flatMap(([code, { statuses }]) => statuses.map((status) => `${status} ${code}`));
    expect(expected.filter((entry) => !seen.has(entry))).toEqual([]);
  });
});
