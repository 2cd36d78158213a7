import { Body, createParamDecorator, type ExecutionContext, Param, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { type FieldError, NotFoundError, ValidationError } from './errors.js';
import { issueCode } from './error-codes.js';
import { isId } from './ids.js';
import { problemSchema } from './schemas.js';

type Schema = z.ZodType;

/** Zod issues as `{path, code, message, params}`; an unknown field is reported at its own path. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, code: 'unknown_field', message: 'Unknown field' }));
    }
    const { code, params } = issueCode(issue);
    return [{ path: base, code, message: issue.message, ...(params ? { params } : {}) }];
  });
}

/**
 * Strings that hold a NUL character, which PostgreSQL cannot store in text: refused for every field of
 * every body and query here, once, rather than failing in the database.
 */
export function nulCharacterErrors(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string')
    return value.includes('\u0000') ? [{ path, code: 'nul_character', message: 'Must not contain a NUL character' }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulCharacterErrors(item, path ? `${path}.${index}` : String(index)));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => nulCharacterErrors(item, path ? `${path}.${key}` : key));
  }
  return [];
}

class ZodPipe implements PipeTransform {
  constructor(
    private readonly schema: Schema,
    private readonly where: string,
  ) {}

  transform(value: unknown): unknown {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new ValidationError(fieldErrors(result.error), `The request ${this.where} is not valid.`);
    const nul = nulCharacterErrors(result.data);
    if (nul.length > 0) throw new ValidationError(nul, `The request ${this.where} is not valid.`);
    return result.data;
  }
}

/** A path id of the wrong shape cannot name a row: answer 404 as for any absent or foreign id. */
class IdPipe implements PipeTransform {
  constructor(private readonly entity: string) {}

  transform(value: string): string {
    if (!isId(value)) throw new NotFoundError(this.entity);
    return value;
  }
}

export function toOpenApi(schema: Schema, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  return json;
}

function describeMethod(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  if (key === undefined) return;
  decorator(target, key, Object.getOwnPropertyDescriptor(target, key)!);
}

/** Validates the JSON body with `schema` and documents it in OpenAPI. */
export function ZodBody(schema: Schema): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema, 'body'))(target, key, index);
    describeMethod(target, key, ApiBody({ schema: toOpenApi(schema) }));
  };
}

/**
 * Validates the text fields of a multipart form (parsed by an upload interceptor) with an object schema,
 * and documents the form: those fields, then the file in `fileField`.
 */
export function ZodForm(schema: z.ZodObject, fileField: string): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodPipe(schema, 'form (text fields must come before the file)'))(target, key, index);
    const json = toOpenApi(schema) as { properties?: Record<string, object>; required?: string[] };
    describeMethod(target, key, ApiConsumes('multipart/form-data'));
    const properties = { ...json.properties, [fileField]: { type: 'string', format: 'binary' } };
    describeMethod(target, key, ApiBody({ schema: { type: 'object', required: [...(json.required ?? []), fileField], properties } }));
  };
}

/** Documents a response whose body is bytes (a file) rather than JSON, in each content type it can have. */
export function ApiBinaryResult(status: number, description: string, mediaTypes: readonly string[]): MethodDecorator {
  const content = Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
  return ApiResponse({ status, description, content });
}

/** Validates the query string with an object schema and documents each parameter. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodPipe(schema, 'query'))(target, key, index);
    const json = toOpenApi(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const required = json.required?.includes(name) ?? false;
      describeMethod(target, key, ApiQuery({ name, required, schema: property }));
    }
  };
}

/** A request header validated by `schema`; its errors carry the header's name as their path. */
class HeaderPipe implements PipeTransform {
  constructor(
    private readonly schema: Schema,
    private readonly name: string,
  ) {}

  transform(value: unknown): unknown {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw new ValidationError(
        result.error.issues.map((issue) => ({ path: this.name, message: issue.message })),
        `The ${this.name} header is not valid.`,
      );
    }
    return result.data;
  }
}

/** One request header's value (the first, if repeated); works on any HTTP adapter. */
const RequestHeader = createParamDecorator((name: string, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers[name];
  return Array.isArray(value) ? value[0] : value;
});

/** Validates one request header with `schema` and documents it. */
export function ZodHeader(name: string, schema: Schema, description?: string): ParameterDecorator {
  return (target, key, index) => {
    RequestHeader(name.toLowerCase(), new HeaderPipe(schema, name))(target, key, index);
    describeMethod(
      target,
      key,
      ApiHeader({ name, required: !schema.safeParse(undefined).success, description, schema: toOpenApi(schema) }),
    );
  };
}

/** A path id (UUID); anything else is a 404 for `entity`. */
export function IdParam(name: string, entity: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new IdPipe(entity))(target, key, index);
    describeMethod(target, key, ApiParam({ name, schema: { type: 'string', format: 'uuid' } }));
  };
}

/** Documents a response body by its zod schema. */
export function ApiResult(status: number, schema: Schema, description = 'Success'): MethodDecorator {
  return ApiResponse({ status, description, schema: toOpenApi(schema, 'output') });
}

/** A problem a route can answer: its status, or its status and the schema of its extension members. */
export type ProblemSpec = number | [status: number, schema: Schema];

/**
 * Documents the problem+json error responses a route can give. A status with extension members (a
 * double booking's `conflictingAppointmentId`) names the schema that has them. Problems any route may
 * give (malformed input, authentication, body size, server error) are added to every operation by
 * `documentCommonProblems`.
 */
export function ApiProblems(...specs: ProblemSpec[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const spec of specs) {
      const [status, schema] = typeof spec === 'number' ? [spec, problemSchema] : spec;
      ApiResponse({
        status,
        description: 'Problem (RFC 9457)',
        content: { 'application/problem+json': { schema: toOpenApi(schema, 'output') } },
      })(target, key, descriptor);
    }
  };
}

/** Documents a response without a body (204). */
export function ApiNoContent(description: string): MethodDecorator {
  return ApiResponse({ status: 204, description });
}

interface OpenApiOperation {
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

/**
 * The problems every operation can answer whatever its own rules: 400 (a path that is not valid
 * percent-encoding, malformed JSON), 500, 503 (the database is restarting, out of reach, or busy past its lock or statement timeout); with a body also 413 and 415; when authenticated also 401 (no,
 * expired or outdated session) and 403 (role, CSRF). Added once here rather than on every route.
 */
export function documentCommonProblems(document: { paths: Record<string, Record<string, OpenApiOperation>> }): void {
  const problem = {
    description: 'Problem (RFC 9457)',
    content: { 'application/problem+json': { schema: toOpenApi(problemSchema, 'output') } },
  };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      const statuses = ['400', '500', '503'];
      if (operation.requestBody) statuses.push('413', '415');
      if (operation.security?.length) statuses.push('401', '403');
      for (const status of statuses) operation.responses[status] ??= problem;
    }
  }
}

/**
 * Documents a 200 that is JSON by default and a file in the other formats a `format` query names
 * (e.g. text/csv, XLSX): each content type with its own schema, so the contract holds for every one.
 */
export function ApiResultOrFile(schema: Schema, files: Record<string, string>, description = 'Success'): MethodDecorator {
  const content: Record<string, { schema: Record<string, unknown> }> = { 'application/json': { schema: toOpenApi(schema, 'output') } };
  for (const [contentType, what] of Object.entries(files))
    content[contentType] = { schema: { type: 'string', format: 'binary', description: what } };
  return ApiResponse({ status: 200, description, content });
}
