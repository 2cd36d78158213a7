import type { z } from 'zod';

/**
 * Stable codes for validation errors (`errors[].code`), so a client can say what is wrong in its own
 * language; `message` stays English for API clients and logs. Zod's own issues map to the generic codes
 * below; a rule of ours names its code where it is written (`coded(...)`, `codedPattern(...)`).
 *
 * Generic: required, too_short, too_long, too_small, too_large, too_few, too_many, invalid_type,
 * invalid_choice, invalid_email, invalid_id, invalid_datetime, invalid_date, invalid_format,
 * unknown_field, invalid. Our rules: see the calls of coded() and codedPattern(); frontend/messages
 * translate each under `validation`.
 */
export type FieldErrorParams = Record<string, string | number>;

const PATTERN_CODES = new Map<string, string>();

/** A regular expression whose mismatch is reported with `code` (zod reports the pattern it failed). */
export function codedPattern(pattern: RegExp, code: string): RegExp {
  PATTERN_CODES.set(String(pattern), code);
  return pattern;
}

/** Parameters for a zod refine/custom issue that carries a stable code (and values the message names). */
export function coded(code: string, message: string, params: FieldErrorParams = {}): { message: string; params: FieldErrorParams } {
  return { message, params: { ...params, code } };
}

const FORMAT_CODES: Record<string, string> = {
  email: 'invalid_email',
  uuid: 'invalid_id',
  datetime: 'invalid_datetime',
  date: 'invalid_date',
  time: 'invalid_time',
};

/** The stable code of a zod issue, and the values a translated message needs (a length, a maximum). */
export function issueCode(issue: z.core.$ZodIssue): { code: string; params?: FieldErrorParams } {
  switch (issue.code) {
    case 'invalid_type':
      return { code: issue.input === undefined ? 'required' : 'invalid_type' };
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? { code: 'required' } : { code: 'too_short', params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_few', params: { minimum } };
      return { code: 'too_small', params: { minimum } };
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'too_long', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many', params: { maximum } };
      return { code: 'too_large', params: { maximum } };
    }
    case 'invalid_format':
      if (issue.format === 'regex') return { code: PATTERN_CODES.get(String(issue.pattern)) ?? 'invalid_format' };
      return { code: FORMAT_CODES[issue.format] ?? 'invalid_format' };
    case 'invalid_value':
      return { code: 'invalid_choice' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as FieldErrorParams;
      return typeof code === 'string' ? { code, ...(Object.keys(params).length > 0 ? { params } : {}) } : { code: 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}
