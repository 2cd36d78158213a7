import fc from 'fast-check';

/** The subset of OpenAPI 3.0 / JSON Schema the API's document uses. */
export interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  not?: { enum?: unknown[] };
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minProperties?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  example?: unknown;
}

/** Ids that name real rows of the clinic under test, so generated requests reach the rules, not only the 404s. */
export interface KnownIds {
  ids: string[];
}

/**
 * Values a hostile or careless client sends: control and bidi characters, NUL, huge, negative and
 * non-finite numbers, wrong types, far dates, long strings.
 */
export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\u202Eevil',
      '\r\n',
      '\u200B',
      '<script>alert(1)</script>',
      "' or 1=1 --",
      '../../etc/passwd',
    ),
    fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:00:00-14:00',
      '275760-09-13T00:00:00Z',
      '2026-02-30',
      '1899-12-31',
      '2027-13-01',
    ),
    fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -1, -0, 0, 2 ** 31, 1.5, -999999999999),
    fc.constantFrom(null, true, false, [], {}, [null], { nested: { deep: [1, 2, 3] } }),
    fc.string({ minLength: 1000, maxLength: 20_000 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );

/**
 * A value for `schema`. `valid`: only what the schema describes (so the rules behind validation are
 * reached); `noisy`: mostly that, with hostile values, unknown fields and missing required ones mixed in.
 */
export function valueFor(schema: JsonSchema | undefined, known: KnownIds, mode: Mode, depth = 0): fc.Arbitrary<unknown> {
  const wellFormed = described(schema ?? {}, known, mode, depth);
  return mode === 'valid' ? wellFormed : fc.oneof({ weight: 4, arbitrary: wellFormed }, { weight: 1, arbitrary: hostileValue() });
}

export type Mode = 'valid' | 'noisy';

function described(schema: JsonSchema, known: KnownIds, mode: Mode, depth: number): fc.Arbitrary<unknown> {
  const choices = schema.anyOf ?? schema.oneOf;
  const base = choices ? fc.oneof(...choices.map((choice) => described(choice, known, mode, depth))) : byType(schema, known, mode, depth);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function byType(schema: JsonSchema, known: KnownIds, mode: Mode, depth: number): fc.Arbitrary<unknown> {
  // `not: {enum}`: values the type admits but the operation refuses (a status it has its own route for).
  const refused = schema.not?.enum ?? [];
  if (schema.enum) return fc.constantFrom(...schema.enum.filter((value) => !refused.includes(value)));
  switch (schema.type) {
    case 'string':
      return stringFor(schema, known);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e6), max: Math.min(schema.maximum ?? 100_000, 1e6) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3
        ? fc.constant([])
        : (schema.uniqueItems ? fc.uniqueArray : fc.array)(valueFor(schema.items, known, mode, depth + 1), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.min(schema.maxItems ?? 5, 5),
          });
    case 'object':
      return depth > 3 ? fc.constant({}) : objectFor(schema, known, mode, depth);
    default:
      return hostileValue();
  }
}

function stringFor(schema: JsonSchema, known: KnownIds): fc.Arbitrary<unknown> {
  // A documented example is a value the API accepts (a currency, a time zone): often that, else anything.
  if (typeof schema.example === 'string') {
    return fc.oneof({ weight: 3, arbitrary: fc.constant(schema.example) }, anyString({ ...schema, example: undefined }, known));
  }
  return anyString(schema, known);
}

function anyString(schema: JsonSchema, known: KnownIds): fc.Arbitrary<unknown> {
  switch (schema.format) {
    case 'uuid':
      return known.ids.length > 0 ? fc.oneof(fc.constantFrom(...known.ids), fc.uuid()) : fc.uuid();
    case 'date-time':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('1930-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      // fast-check's addresses are RFC-valid but mostly exotic ("~.a'&b@c.pp"): those the declared pattern
      // admits, and plain ones too, so that the operation is reached past validation.
      return fc
        .oneof(
          fc.emailAddress(),
          fc
            .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.constantFrom('example.com', 'clinic.sa'))
            .map(([l, d]) => `${l}@${d}`),
        )
        .filter((email) => !schema.pattern || new RegExp(schema.pattern).test(email));
  }
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? 200));
  }
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 60) });
}

function objectFor(schema: JsonSchema, known: KnownIds, mode: Mode, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const fields = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, valueFor(property, known, mode, depth + 1)]),
  );
  const requiredKeys = Object.keys(properties).filter((name) => required.has(name));
  // minProperties (a PATCH needs a field to change): only when noisy may the body have fewer.
  if (mode === 'valid')
    return fc.record(fields, { requiredKeys }).filter((body) => Object.keys(body).length >= (schema.minProperties ?? 0));
  return fc
    .tuple(
      fc.record(fields, { requiredKeys }),
      // Now and then a field the schema does not know (mass assignment: clinicId, role, status, totals...).
      fc.option(fc.constantFrom('clinicId', 'role', 'status', 'total', '__proto__', 'id'), { freq: 4 }),
      // Now and then a required field left out.
      fc.option(fc.constantFrom(...(requiredKeys.length > 0 ? requiredKeys : [''])), { freq: 6 }),
    )
    .map(([record, extra, dropped]) => {
      const body: Record<string, unknown> = { ...record };
      if (extra) body[extra] = 'injected';
      if (dropped) delete body[dropped];
      return body;
    });
}
