import { describe, expect, it } from 'vitest';
import {
  type FieldError,
  LANGUAGES_MAX_COUNT,
  NOTES_MAX_LENGTH,
  servicesOfferedSchema,
  validateServicesOffered,
} from '../../../shared/domain/vacancy';

const valid = {
  shortStayServices: ['discharge-to-assess', 'respite-care'],
  vacancyTypes: ['general-residential', 'dementia-nursing'],
  languages: ['English', 'Polish'],
  notes: 'Hoist available. Pets allowed.',
  fundingSources: ['local-authority', 'private'],
  contracts: { localAuthority: true, subIcb: false },
  outOfHoursAdmissions: true,
};

function errorsOf(input: unknown): FieldError[] {
  const result = validateServicesOffered(input);
  if (result.ok) throw new Error('expected rejection');
  return result.errors;
}

describe('servicesOfferedSchema', () => {
  it('accepts a complete answer and fills defaults', () => {
    const result = validateServicesOffered(valid);
    expect(result).toEqual({ ok: true, warnings: [], value: { ...valid, shortStayNone: false } });
    const minimal = servicesOfferedSchema.parse({
      shortStayNone: true,
      vacancyTypes: ['ypd'],
      contracts: { localAuthority: false, subIcb: false },
      outOfHoursAdmissions: false,
    });
    expect(minimal).toMatchObject({ shortStayServices: [], languages: [], notes: '', fundingSources: [] });
  });

  describe('short stay services', () => {
    it('accepts an explicit "none"', () => {
      expect(validateServicesOffered({ ...valid, shortStayServices: [], shortStayNone: true }).ok).toBe(true);
    });

    it('requires a choice: some services or "none"', () => {
      expect(errorsOf({ ...valid, shortStayServices: [] })).toEqual([
        {
          path: 'shortStayServices',
          field: 'shortStayServices',
          rule: 'short-stay-choice-required',
          message: "Short stay services: select at least one service, or 'Short stay services not provided'",
        },
      ]);
    });

    it('makes "none" exclusive with any service', () => {
      expect(errorsOf({ ...valid, shortStayNone: true })).toEqual([
        expect.objectContaining({ path: 'shortStayNone', rule: 'short-stay-none-exclusive' }),
      ]);
    });

    it('rejects unknown and repeated services', () => {
      expect(errorsOf({ ...valid, shortStayServices: ['day-care'] })).toEqual([
        {
          path: 'shortStayServices/0',
          field: 'shortStayServices',
          rule: 'unknown-code',
          message: "Short stay services (entry 1): 'day-care' is not one of the allowed values",
        },
      ]);
      expect(errorsOf({ ...valid, shortStayServices: ['respite-care', 'respite-care'] })).toEqual([
        expect.objectContaining({ path: 'shortStayServices/1', rule: 'duplicate' }),
      ]);
    });
  });

  describe('vacancy types', () => {
    it('requires at least one', () => {
      expect(errorsOf({ ...valid, vacancyTypes: [] })).toEqual([
        expect.objectContaining({ path: 'vacancyTypes', rule: 'vacancy-type-required' }),
      ]);
      expect(errorsOf({ ...valid, vacancyTypes: undefined })).toEqual([
        expect.objectContaining({
          path: 'vacancyTypes',
          rule: 'required',
          message: 'Long term vacancy types is required',
        }),
      ]);
    });

    it('rejects duplicates and unknown codes', () => {
      expect(errorsOf({ ...valid, vacancyTypes: ['ypd', 'ypd'] })).toEqual([
        {
          path: 'vacancyTypes/1',
          field: 'vacancyTypes',
          rule: 'duplicate',
          message: "Long term vacancy types: 'ypd' is listed more than once",
        },
      ]);
      expect(errorsOf({ ...valid, vacancyTypes: ['General Residential'] })[0]?.rule).toBe('unknown-code');
    });
  });

  describe('languages', () => {
    it('trims, collapses spaces and de-duplicates case-insensitively, keeping the first spelling', () => {
      const result = servicesOfferedSchema.parse({
        ...valid,
        languages: ['  English ', 'british  sign language', 'ENGLISH', 'British Sign Language', 'Polish'],
      });
      expect(result.languages).toEqual(['English', 'british sign language', 'Polish']);
    });

    it('is 1 to 40 characters each', () => {
      expect(validateServicesOffered({ ...valid, languages: ['x'.repeat(40)] }).ok).toBe(true);
      expect(errorsOf({ ...valid, languages: ['x'.repeat(41)] })).toEqual([
        {
          path: 'languages/0',
          field: 'languages',
          rule: 'too-long',
          message: 'Languages (entry 1) must be at most 40 characters',
        },
      ]);
      expect(errorsOf({ ...valid, languages: ['English', '   '] })).toEqual([
        expect.objectContaining({ path: 'languages/1', rule: 'too-short' }),
      ]);
    });

    it('rejects control characters', () => {
      expect(errorsOf({ ...valid, languages: ['Eng\u0000lish'] })).toEqual([
        expect.objectContaining({ path: 'languages/0', rule: 'invalid-characters' }),
      ]);
    });

    it('has at most 30 entries', () => {
      const many = Array.from({ length: LANGUAGES_MAX_COUNT + 1 }, (_, i) => `Language ${i}`);
      expect(validateServicesOffered({ ...valid, languages: many.slice(0, LANGUAGES_MAX_COUNT) }).ok).toBe(
        true,
      );
      expect(errorsOf({ ...valid, languages: many })).toEqual([
        expect.objectContaining({ path: 'languages', rule: 'too-many' }),
      ]);
    });
  });

  it('limits notes to 2000 characters after trimming', () => {
    expect(validateServicesOffered({ ...valid, notes: ` ${'n'.repeat(NOTES_MAX_LENGTH)} ` }).ok).toBe(true);
    expect(errorsOf({ ...valid, notes: 'n'.repeat(NOTES_MAX_LENGTH + 1) })).toEqual([
      expect.objectContaining({
        path: 'notes',
        rule: 'too-long',
        message: 'Notes must be at most 2000 characters',
      }),
    ]);
  });

  it('checks funding sources and contracts', () => {
    expect(errorsOf({ ...valid, fundingSources: ['nhs'] })[0]).toMatchObject({
      path: 'fundingSources/0',
      rule: 'unknown-code',
    });
    expect(errorsOf({ ...valid, fundingSources: ['private', 'private'] })[0]?.rule).toBe('duplicate');
    expect(errorsOf({ ...valid, contracts: { localAuthority: 'yes', subIcb: false } })).toEqual([
      {
        path: 'contracts/localAuthority',
        field: 'localAuthority',
        rule: 'invalid-type',
        message: 'Contract with the local authority must be true or false',
      },
    ]);
  });

  it('requires out-of-hours admissions as true or false', () => {
    expect(errorsOf({ ...valid, outOfHoursAdmissions: undefined })[0]).toMatchObject({
      path: 'outOfHoursAdmissions',
      rule: 'required',
    });
  });

  it('rejects unknown fields, at any level, naming them', () => {
    expect(
      errorsOf({ ...valid, cqcRating: 'Good', contracts: { localAuthority: true, subIcb: true, nhs: 1 } }),
    ).toEqual(
      expect.arrayContaining([
        {
          path: 'cqcRating',
          field: 'cqcRating',
          rule: 'unknown-field',
          message: "Unknown field 'cqcRating' is not allowed",
        },
        {
          path: 'contracts/nhs',
          field: 'nhs',
          rule: 'unknown-field',
          message: "Contracts: unknown field 'nhs' is not allowed",
        },
      ]),
    );
  });

  it('collects every error', () => {
    const errors = errorsOf({
      ...valid,
      shortStayServices: ['respite-care', 'respite-care'],
      vacancyTypes: [],
      languages: [''],
      extra: true,
    });
    expect(errors.map((e) => `${e.path} ${e.rule}`).sort()).toEqual([
      'extra unknown-field',
      'languages/0 too-short',
      'shortStayServices/1 duplicate',
      'vacancyTypes vacancy-type-required',
    ]);
  });

  it('rejects input that is not an object', () => {
    expect(errorsOf('services')).toEqual([
      { path: '', field: '', rule: 'invalid-type', message: 'Services offered must be an object' },
    ]);
  });
});

describe('servicesOfferedSchema bounds its work on hostile input', () => {
  it('caps list lengths and summarises floods of unknown fields', () => {
    const huge = Array.from({ length: 100_000 }, () => 'private');
    expect(errorsOf({ ...valid, fundingSources: huge })[0]).toMatchObject({
      path: 'fundingSources',
      rule: 'too-many',
    });
    const extras = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x${i}`, i]));
    const errors = errorsOf({ ...valid, ...extras });
    expect(errors).toHaveLength(21);
    expect(errors[20]?.message).toBe('Unknown fields: 480 more are not allowed');
  });
});
