import { Body, createParamDecorator, type ExecutionContext, Param, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { type FieldError, NotFoundError, ValidationError } from './errors.js';
import { isId } from './ids.js';
import { problemSchema } from './schemas.js';

type Schema = z.ZodType;

/** Zod issues as `{path, message}`; an unknown field is reported at its own path. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: 'Unknown field' }));
    }
    return [{ path: base, message: issue.message }];
  });
}

class ZodPipe implements PipeTransform {
  constructor(
    private readonly schema: Schema,
    private readonly where: string,
  ) {}

  transform(value: unknown): unknown {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new ValidationError(fieldErrors(result.error), `The request ${this.where} is not valid.`);
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

/** Documents the problem+json error responses a route can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  const problem = toOpenApi(problemSchema, 'output');
  return (target, key, descriptor) => {
    for (const status of statuses) {
      ApiResponse({ status, description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: problem } } })(
        target,
        key,
        descriptor,
      );
    }
  };
}
