import type { z } from 'zod';

/** The `error` object of an `error` server event. */
export interface WireError {
  type: 'invalid_request_error' | 'server_error';
  code: string;
  message: string;
  param: string | null;
}

export function invalidRequest(
  code: string,
  message: string,
  param: string | null = null,
): WireError {
  return { type: 'invalid_request_error', code, message, param };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal number';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

function expected(name: string): string {
  switch (name) {
    case 'int':
      return 'an integer';
    case 'number':
      return 'a decimal number';
    case 'object':
    case 'array':
      return `an ${name}`;
    default:
      return `a ${name}`;
  }
}

function quote(values: readonly unknown[]): string {
  return values.map((v) => `'${String(v)}'`).join(', ');
}

/**
 * One zod issue as the service words it: the OpenAI API's validation codes
 * (`unknown_parameter`, `missing_required_parameter`, `invalid_type`, `invalid_value`,
 * `decimal_above_max_value`, `integer_below_min_value`, …) with the dotted parameter path.
 */
export function wireErrorFromIssue(
  issue: z.core.$ZodIssue,
  prefix: readonly PropertyKey[],
): WireError {
  const path = [...prefix, ...issue.path];
  const param = path.length ? path.map(String).join('.') : null;
  const at = param ?? 'event';
  const input = (issue as { input?: unknown }).input;
  const missing = (): WireError =>
    invalidRequest('missing_required_parameter', `Missing required parameter: '${at}'.`, param);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = [...path, issue.keys[0] ?? ''].map(String).join('.');
      return invalidRequest('unknown_parameter', `Unknown parameter: '${key}'.`, key);
    }
    case 'invalid_type':
      if (input === undefined) return missing();
      return invalidRequest(
        'invalid_type',
        `Invalid type for '${at}': expected ${expected(issue.expected)}, but got ${describe(input)} instead.`,
        param,
      );
    case 'invalid_value':
      if (input === undefined) return missing();
      return invalidRequest(
        'invalid_value',
        `Invalid value: '${String(input)}'. Supported values are: ${quote(issue.values)}.`,
        param,
      );
    case 'too_big':
    case 'too_small': {
      const above = issue.code === 'too_big';
      const limit = above
        ? (issue as { maximum: unknown }).maximum
        : (issue as { minimum: unknown }).minimum;
      if (issue.origin === 'number' || issue.origin === 'int') {
        const kind = Number.isInteger(input) ? 'integer' : 'decimal';
        return invalidRequest(
          `${kind}_${above ? 'above_max' : 'below_min'}_value`,
          `Invalid '${at}': ${kind} ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${above ? '<=' : '>='} ${String(limit)}, but got ${String(input)} instead.`,
          param,
        );
      }
      return invalidRequest(
        above ? 'string_above_max_length' : 'string_below_min_length',
        `Invalid '${at}': ${above ? 'too long' : 'too short'}. Expected a length ${above ? '<=' : '>='} ${String(limit)}.`,
        param,
      );
    }
    case 'invalid_union': {
      const note = issue as { note?: string; options?: unknown[] };
      if (note.note === 'No matching discriminator') {
        const value = (input as Record<string, unknown> | undefined)?.[String(issue.path.at(-1))];
        if (value === undefined) return missing();
        return invalidRequest(
          'invalid_value',
          `Invalid value: '${String(value)}'. Supported values are: ${quote(note.options ?? [])}.`,
          param,
        );
      }
      return invalidRequest('invalid_value', `Invalid value for '${at}'.`, param);
    }
    case 'invalid_format':
      return invalidRequest('invalid_value', `Invalid '${at}': ${issue.message}.`, param);
    default:
      return invalidRequest('invalid_value', `Invalid '${at}': ${issue.message}.`, param);
  }
}
