/** Reading the OpenAPI document in tests: its operations, and checking real responses against it. */
import { z } from 'zod';
import { buildOpenApiDocument, type OpenApiDocument } from '../../src/openapi';
import { dereferenceWithSwaggerParser } from './swagger-parser';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Every documented operation as `GET /products/{id}`, sorted. */
export function documentedOperations(doc: OpenApiDocument): string[] {
  const operations: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method] !== undefined) operations.push(`${method.toUpperCase()} ${path}`);
  }
  return operations.sort();
}

/** Loose view of a dereferenced document (every `$ref` replaced by its target). */
export interface DereferencedResponse {
  readonly description: string;
  readonly headers?: Record<string, { readonly required?: boolean; readonly schema: object }>;
  readonly content?: Record<string, { readonly schema: object; readonly examples?: Record<string, { readonly value: unknown }> }>;
}
export interface DereferencedDocument {
  readonly paths: Record<string, Record<string, { readonly responses: Record<string, DereferencedResponse> }>>;
}

/** The document with every `$ref` resolved, by swagger-parser (built once). */
export async function dereferencedDocument(): Promise<DereferencedDocument> {
  return (await dereferenceWithSwaggerParser(buildOpenApiDocument())) as DereferencedDocument;
}

/** The documented response of an operation for a status, or a failure naming what is missing. */
export function documentedResponse(doc: DereferencedDocument, method: string, path: string, status: number): DereferencedResponse {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) throw new Error(`${method} ${path} is not documented`);
  const response = operation.responses[String(status)];
  if (response === undefined) {
    throw new Error(`${method} ${path} answered ${status}, which is not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
  }
  return response;
}

/** A real answer, as supertest gives it. */
export interface RealResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly text?: string;
}

/**
 * Checks a real answer against the document: its status is documented for the operation, its
 * media type is one of the documented ones, its body validates against the documented JSON
 * Schema (converted with `z.fromJSONSchema`), required headers are present, and an error's code
 * is one of the documented examples of that status. Returns the checked response object.
 */
export function expectDocumented(doc: DereferencedDocument, method: string, path: string, res: RealResponse): DereferencedResponse {
  const response = documentedResponse(doc, method, path, res.status);
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required) expect({ header: name, value: res.headers[name.toLowerCase()] }).toEqual({ header: name, value: expect.any(String) });
  }
  if (response.content === undefined) {
    expect({ status: res.status, body: res.text ?? '' }).toEqual({ status: res.status, body: '' });
    return response;
  }
  const contentType = String(res.headers['content-type'] ?? '');
  const mediaType = Object.keys(response.content).find((type) => contentType.split(';')[0].trim() === type.split(';')[0].trim());
  if (mediaType === undefined) throw new Error(`${method} ${path} ${res.status}: content-type ${contentType} is not documented`);
  const media = response.content[mediaType];
  const body = mediaType === 'application/json' ? res.body : res.text;
  const parsed = z.fromJSONSchema(media.schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(body);
  if (!parsed.success) throw new Error(`${method} ${path} ${res.status}: the body does not match the documented schema: ${parsed.error.message}`);
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (res.status >= 400 && media.examples !== undefined) {
    expect({ status: res.status, code, documented: Object.keys(media.examples).includes(String(code)) }).toEqual({ status: res.status, code, documented: true });
  }
  return response;
}
