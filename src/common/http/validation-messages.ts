import type { ValidationError } from 'class-validator';
import type { FieldError } from '../errors/app-error';

/**
 * class-validator reports every rule a field breaks, in the order the decorators happened to be
 * registered: a missing port came back as "must not be greater than 65535; must not be less than 1;
 * must be an integer number". A client needs the one thing to fix, so each field gets one message:
 * "required" when it was not sent, else its type rule before any format or range rule.
 */

/** Rules about what kind of value a field holds; reported before what the value must look like. */
const TYPE_RULES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'nestedValidation']);

/** Rules about size and range; reported last (a wrong format says more than a wrong length). */
const RANGE_RULES = new Set(['min', 'max', 'minLength', 'maxLength', 'arrayMinSize', 'arrayMaxSize']);

/** The constraint class-validator adds for a property the DTO does not declare (forbidNonWhitelisted). */
const UNKNOWN_FIELD_RULE = 'whitelistValidation';

/** class-validator's wording where it is vaguer than it needs to be. */
const REWORDED: [RegExp, string][] = [
  [/ must be an integer number$/, ' must be an integer'],
  [/ must be a number conforming to the specified constraints$/, ' must be a number'],
  [/ must be an ip address$/, ' must be an IPv4 or IPv6 address'],
];

function rank(rule: string): number {
  return TYPE_RULES.has(rule) ? 0 : RANGE_RULES.has(rule) ? 2 : 1;
}

function reword(message: string): string {
  for (const [pattern, replacement] of REWORDED) {
    if (pattern.test(message)) {
      return message.replace(pattern, replacement);
    }
  }
  return message;
}

/** The one message for a field's own constraints, or undefined when only its children failed. */
function messageOf(error: ValidationError, path: string): string | undefined {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) {
    return undefined;
  }
  if (constraints.some(([rule]) => rule === UNKNOWN_FIELD_RULE)) {
    return `unknown field: ${path}`;
  }
  // class-validator always sets `value` (undefined when the field was not sent); an error built by
  // hand without one (Nest's "object is expected") is not about a missing field.
  if ('value' in error && error.value === undefined) {
    return `${path} is required`;
  }
  // Stable sort: within a rank, class-validator's own order decides.
  const [, message] = [...constraints].sort(([a], [b]) => rank(a) - rank(b))[0];
  return reword(message);
}

/** One FieldError per failing field (dotted paths for nested ones: `ice_servers.0.urls`). */
export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const message = messageOf(error, path);
    if (message !== undefined) {
      out.push({ field: path, message });
    } else if (error.children && error.children.length > 0) {
      out.push(...fieldErrors(error.children, path));
    }
  }
  return out;
}

/**
 * `Invalid request: ip_address is required; port must be an integer`. Messages already start with
 * the field's name; a nested field's message (which names only the leaf) is prefixed with its path.
 */
export function summarize(fields: FieldError[]): string {
  const parts = fields.map(({ field, message }) =>
    message.startsWith(`${field} `) || message.startsWith('unknown field: ') ? message : `${field}: ${message}`,
  );
  return `Invalid request: ${parts.join('; ')}`;
}
