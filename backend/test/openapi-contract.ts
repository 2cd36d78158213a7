import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

interface MediaType {
  schema?: object;
}
interface ResponseSpec {
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseSpec>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

interface PathEntry {
  template: string;
  pattern: RegExp;
  operations: Record<string, Operation>;
}

/**
 * The API's own OpenAPI document as a contract every test response is held to: the operation must be
 * documented, the status documented for it, the content type one it documents, and the body valid
 * against that schema (additional properties included). A mismatch fails the test that made the request.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly paths: PathEntry[];
  private readonly validators = new Map<object, ValidateFunction>();
  private readonly problem: object;

  constructor(document: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.paths = Object.entries(document.paths).map(([template, operations]) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i'),
      operations,
    }));
    this.problem = findProblemSchema(document);
  }

  static async load(baseUrl: string): Promise<OpenApiContract> {
    const response = await fetch(`${baseUrl}/api/docs-json`);
    return new OpenApiContract((await response.json()) as OpenApiDocument);
  }

  /** What is wrong with this response, per the document (empty when it conforms). */
  check(method: string, url: string, status: number, contentType: string, body: unknown, rawBody: string): string[] {
    const path = new URL(url).pathname;
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) return [];
    const entry = this.paths.find((p) => p.pattern.test(path));
    const operation = entry?.operations[method.toLowerCase()];
    if (!entry || !operation) {
      // Not an operation: the answer must be a generic problem: 404 (no such path), 405 (no such method) or
      // 400 (a path the router could not even decode).
      if (![400, 404, 405].includes(status)) return [`${method} ${path} is not a documented operation, yet answered ${status}`];
      return this.validate(this.problem, body, `${method} ${path} ${status}`);
    }
    const where = `${method} ${entry.template} -> ${status}`;
    const response = operation.responses[String(status)];
    if (!response) return [`${where}: status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
    if (!response.content) return rawBody.length === 0 ? [] : [`${where}: documented without a body, but one was sent`];
    const mediaType = contentType.split(';')[0]!.trim();
    const media = response.content[mediaType];
    if (!media) return [`${where}: content type ${mediaType} is not documented (documented: ${Object.keys(response.content).join(', ')})`];
    if (!media.schema || !mediaType.includes('json')) return [];
    return this.validate(media.schema, body, where);
  }

  private validate(schema: object, body: unknown, where: string): string[] {
    let validate = this.validators.get(schema);
    if (!validate) this.validators.set(schema, (validate = this.ajv.compile(withNullableEnums(schema))));
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}

/**
 * OpenAPI 3.0's `nullable: true` next to `enum` means null is allowed too; JSON Schema's `enum` does not
 * know that, so null joins the listed values (a copy; the document is left alone).
 */
function withNullableEnums(schema: unknown): object {
  if (Array.isArray(schema)) return schema.map(withNullableEnums);
  if (!schema || typeof schema !== 'object') return schema as object;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withNullableEnums(value)])) as Record<string, unknown>;
  if (copy.nullable === true && Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...(copy.enum as unknown[]), null];
  return copy;
}

/** Any documented problem+json schema: they share the base shape the generic 404 and 405 answers have. */
function findProblemSchema(document: OpenApiDocument): object {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      const schema = operation.responses['401']?.content?.['application/problem+json']?.schema;
      if (schema) return schema;
    }
  }
  throw new Error('The OpenAPI document has no problem schema');
}

const contracts = new Map<string, OpenApiContract>();

/** Test apps register their document here; the test HTTP client checks every response against it. */
export const registerContract = (baseUrl: string, contract: OpenApiContract) => contracts.set(baseUrl, contract);
/**
 * The contract of the test app at `baseUrl`. Fails closed: a response from an app that registered no
 * document (a base URL typed by hand, an app not started with startTestApp) is an error, not a pass.
 */
export function contractFor(baseUrl: string): OpenApiContract {
  const contract = contracts.get(baseUrl);
  if (!contract) {
    throw new Error(`No OpenAPI contract is registered for ${baseUrl}: start the app with startTestApp() (it registers one)`);
  }
  return contract;
}
