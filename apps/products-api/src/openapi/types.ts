/**
 * The few OpenAPI 3.1 shapes the document builder needs. Deliberately loose (JSON objects):
 * the document is checked by a real validator in the tests, not by these types.
 */

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as a plain JSON object. */
export type SchemaObject = { [keyword: string]: unknown };

/** A `$ref` to a component of this document. */
export interface Reference {
  readonly $ref: string;
}

/** An OpenAPI parameter object. */
export interface ParameterObject {
  readonly name: string;
  readonly in: 'query' | 'header' | 'path';
  readonly description?: string;
  readonly required?: boolean;
  readonly style?: 'form' | 'simple';
  readonly explode?: boolean;
  readonly schema: SchemaObject;
  readonly example?: unknown;
}

/** An OpenAPI header object (of a response). */
export interface HeaderObject {
  readonly description: string;
  readonly required?: boolean;
  readonly schema: SchemaObject;
}

/** An OpenAPI media type object. */
export interface MediaTypeObject {
  readonly schema: SchemaObject | Reference;
  readonly examples?: Record<string, { readonly summary?: string; readonly value: unknown }>;
}

/** An OpenAPI response object. */
export interface ResponseObject {
  readonly description: string;
  readonly headers?: Record<string, HeaderObject | Reference>;
  readonly content?: Record<string, MediaTypeObject>;
}

/** An OpenAPI operation object. */
export interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: ReadonlyArray<ParameterObject | Reference>;
  readonly requestBody?: {
    readonly description?: string;
    readonly required: boolean;
    readonly content: Record<string, MediaTypeObject>;
  };
  readonly responses: Record<string, ResponseObject | Reference>;
}

/** HTTP methods an OpenAPI path item can hold (lower case, as OpenAPI and Express write them). */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

/** An OpenAPI path item: operations by method. */
export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

/** The OpenAPI 3.1 document of the products API. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers?: ReadonlyArray<{ readonly url: string; readonly description?: string }>;
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  readonly paths: Record<string, PathItemObject>;
  readonly components: {
    readonly schemas: Record<string, SchemaObject>;
    readonly parameters: Record<string, ParameterObject>;
    readonly headers: Record<string, HeaderObject>;
    readonly responses: Record<string, ResponseObject>;
  };
}

/** `#/components/<kind>/<name>`. */
export function ref(kind: 'schemas' | 'parameters' | 'headers' | 'responses', name: string): Reference {
  return { $ref: `#/components/${kind}/${name}` };
}
