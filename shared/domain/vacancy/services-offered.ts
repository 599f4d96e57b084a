import { z } from 'zod';
import {
  type FieldError,
  MAX_UNKNOWN_FIELDS_REPORTED,
  quote,
  type Validation,
  type ValidationRule,
} from './errors';
import {
  FUNDING_SOURCE_CODES,
  FUNDING_SOURCES,
  SHORT_STAY_NONE_LABEL,
  SHORT_STAY_SERVICE_CODES,
  SHORT_STAY_SERVICES,
  VACANCY_TYPE_CODES,
  VACANCY_TYPES,
} from './vocabulary';

export const LANGUAGE_MAX_LENGTH = 40;
export const LANGUAGES_MAX_COUNT = 30;
export const NOTES_MAX_LENGTH = 2000;

const FIELD_LABELS: Record<string, string> = {
  shortStayServices: 'Short stay services',
  shortStayNone: SHORT_STAY_NONE_LABEL,
  vacancyTypes: 'Long term vacancy types',
  languages: 'Languages',
  notes: 'Notes',
  fundingSources: 'Funding sources accepted',
  contracts: 'Contracts',
  localAuthority: 'Contract with the local authority',
  subIcb: 'Contract with the sub-ICB',
  outOfHoursAdmissions: 'Accepting out-of-hours admissions',
};

const custom = (rule: ValidationRule) => ({ rule });

/** Rejects a list that names the same code twice: a repeat is a client bug, not something to guess about. */
function noDuplicates<T extends string>(field: string) {
  return (values: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Set<T>();
    values.forEach((value, index) => {
      if (seen.has(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          params: custom('duplicate'),
          message: `${FIELD_LABELS[field]}: ${quote(value)} is listed more than once`,
        });
      }
      seen.add(value);
    });
  };
}

// Whitespace runs are collapsed so 'British  Sign Language' and 'British Sign Language' are one language.
const languageSchema = z
  .string()
  .trim()
  .min(1)
  .max(LANGUAGE_MAX_LENGTH)
  .regex(/^[^\p{Cc}]*$/u)
  .transform((language) => language.replace(/\s+/g, ' '));

/** Case-insensitive de-duplication keeps the first spelling given. */
function dedupeLanguages(languages: string[]): string[] {
  const seen = new Set<string>();
  return languages.filter((language) => {
    const key = language.normalize('NFC').toLocaleLowerCase('en-GB');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What a home offers. Strict: unknown fields are rejected, not dropped, so a misspelt field from a
 * supplier fails loudly instead of silently losing data.
 *
 * Short-stay services: either at least one service, or `shortStayNone: true` ("Short stay services
 * not provided") — never both, never neither, so "none" is always an explicit choice.
 *
 * Contracts are two booleans (holds a contract with a local authority / a sub-ICB), matching the
 * "Contract with LA" / "Contract with Sub ICB" search filters; naming the contract holders can be
 * added later as optional fields without breaking existing clients.
 */
export const servicesOfferedSchema = z
  .strictObject({
    shortStayServices: z
      .array(z.enum(SHORT_STAY_SERVICE_CODES))
      .max(SHORT_STAY_SERVICES.length)
      .superRefine(noDuplicates('shortStayServices'))
      .default([]),
    shortStayNone: z.boolean().default(false),
    vacancyTypes: z
      .array(z.enum(VACANCY_TYPE_CODES))
      .max(VACANCY_TYPES.length)
      .superRefine(noDuplicates('vacancyTypes'))
      .superRefine((types, ctx) => {
        if (types.length === 0) {
          ctx.addIssue({
            code: 'custom',
            params: custom('vacancy-type-required'),
            message: 'Long term vacancy types: select at least one vacancy type',
          });
        }
      }),
    languages: z.array(languageSchema).max(LANGUAGES_MAX_COUNT).default([]).transform(dedupeLanguages),
    notes: z.string().trim().max(NOTES_MAX_LENGTH).default(''),
    fundingSources: z
      .array(z.enum(FUNDING_SOURCE_CODES))
      .max(FUNDING_SOURCES.length)
      .superRefine(noDuplicates('fundingSources'))
      .default([]),
    contracts: z.strictObject({ localAuthority: z.boolean(), subIcb: z.boolean() }),
    outOfHoursAdmissions: z.boolean(),
  })
  .superRefine((services, ctx) => {
    if (services.shortStayNone && services.shortStayServices.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['shortStayNone'],
        params: custom('short-stay-none-exclusive'),
        message: `Short stay services: '${SHORT_STAY_NONE_LABEL}' cannot be chosen together with a short stay service`,
      });
    }
    if (!services.shortStayNone && services.shortStayServices.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['shortStayServices'],
        params: custom('short-stay-choice-required'),
        message: `Short stay services: select at least one service, or '${SHORT_STAY_NONE_LABEL}'`,
      });
    }
  });

export type ServicesOfferedInput = z.input<typeof servicesOfferedSchema>;
export type ServicesOffered = z.output<typeof servicesOfferedSchema>;

/** servicesOfferedSchema with its issues turned into the same FieldError shape as the bed state. */
export function validateServicesOffered(input: unknown): Validation<ServicesOffered> {
  const parsed = servicesOfferedSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data, warnings: [] };
  return { ok: false, errors: parsed.error.issues.flatMap((issue) => toFieldErrors(issue, input)) };
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  boolean: 'true or false',
  string: 'text',
  object: 'an object',
};

function toFieldErrors(issue: z.core.$ZodIssue, input: unknown): FieldError[] {
  const path = issue.path.map(String);
  const field = lastName(issue.path);
  const label = describe(issue.path);
  switch (issue.code) {
    case 'custom': {
      const rule = (issue.params as { rule?: ValidationRule } | undefined)?.rule ?? 'invalid-type';
      return [{ path: path.join('/'), field, rule, message: issue.message }];
    }
    case 'unrecognized_keys': {
      const prefix = path.length > 0 ? `${label}: unknown` : 'Unknown';
      const errors: FieldError[] = issue.keys.slice(0, MAX_UNKNOWN_FIELDS_REPORTED).map((key) => ({
        path: [...path, key].join('/'),
        field: key,
        rule: 'unknown-field',
        message: `${prefix} field ${quote(key)} is not allowed`,
      }));
      const more = issue.keys.length - MAX_UNKNOWN_FIELDS_REPORTED;
      if (more > 0) {
        errors.push({
          path: path.join('/'),
          field,
          rule: 'unknown-field',
          message: `${prefix} fields: ${more} more are not allowed`,
        });
      }
      return errors;
    }
    case 'invalid_type': {
      const missing = valueAt(input, issue.path) === undefined;
      return [
        {
          path: path.join('/'),
          field,
          rule: missing ? 'required' : 'invalid-type',
          message: missing
            ? `${label} is required`
            : `${label} must be ${EXPECTED[issue.expected] ?? issue.expected}`,
        },
      ];
    }
    case 'invalid_value':
      return [
        {
          path: path.join('/'),
          field,
          rule: 'unknown-code',
          message: `${label}: ${quote(valueAt(input, issue.path))} is not one of the allowed values`,
        },
      ];
    case 'too_small':
      return [
        {
          path: path.join('/'),
          field,
          rule: 'too-short',
          message: issue.origin === 'string' ? `${label} must not be blank` : `${label} must not be empty`,
        },
      ];
    case 'too_big':
      return [
        {
          path: path.join('/'),
          field,
          rule: issue.origin === 'array' ? 'too-many' : 'too-long',
          message:
            issue.origin === 'array'
              ? `${label} must have at most ${issue.maximum} entries`
              : `${label} must be at most ${issue.maximum} characters`,
        },
      ];
    case 'invalid_format':
      // Only languages carry a format check (no control characters).
      return [
        {
          path: path.join('/'),
          field,
          rule: 'invalid-characters',
          message: `${label} must not contain control characters`,
        },
      ];
    default:
      return [{ path: path.join('/'), field, rule: 'invalid-type', message: `${label}: ${issue.message}` }];
  }
}

function lastName(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return '';
}

function describe(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'Services offered';
  const name = lastName(path);
  const label = FIELD_LABELS[name] ?? name;
  const last = path[path.length - 1];
  return typeof last === 'number' ? `${label} (entry ${last + 1})` : label;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
