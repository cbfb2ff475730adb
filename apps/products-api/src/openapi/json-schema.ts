import { z } from 'zod';
import type { SchemaObject } from './types';

/**
 * Which side of a zod schema to describe: `input` for request bodies (what a client may send:
 * defaulted fields are optional), `output` for responses (what the API sends: defaulted fields
 * are always present).
 */
export type SchemaSide = 'input' | 'output';

/** JSON Schema options shared by every conversion (OpenAPI 3.1 speaks JSON Schema 2020-12). */
export function jsonSchemaOptions(io: SchemaSide): { target: 'draft-2020-12'; io: SchemaSide } {
  return { target: 'draft-2020-12', io };
}

/**
 * Converts a zod schema into a component schema with `z.toJSONSchema`: the same schema that
 * validates requests (or that the tests parse responses with) is the documented one, so the two
 * cannot drift. `$schema` is dropped (OpenAPI 3.1 already fixes the dialect), and every nested
 * schema found in `components` becomes a `$ref` to its component instead of an inline copy.
 */
export function zodComponent(schema: z.ZodType, io: SchemaSide, components: ReadonlyMap<unknown, string> = new Map()): SchemaObject {
  const converted = z.toJSONSchema(schema, {
    ...jsonSchemaOptions(io),
    override: ({ zodSchema, jsonSchema, path }) => {
      const name = components.get(zodSchema);
      if (name === undefined || path.length === 0) return;
      const target = jsonSchema as SchemaObject;
      for (const key of Object.keys(target)) delete target[key];
      target.$ref = `#/components/schemas/${name}`;
    },
  }) as SchemaObject;
  const { $schema: _dialect, ...rest } = converted;
  return rest;
}
