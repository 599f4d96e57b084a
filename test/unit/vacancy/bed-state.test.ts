import { describe, expect, it } from 'vitest';
import {
  bedStateInputSchema,
  type FieldError,
  MAX_BED_STATE_ROWS,
  MAX_BEDS_PER_VACANCY_TYPE,
  MAX_WEEKLY_PRICE,
  validateBedState,
} from '../../../shared/domain/vacancy';
import { row, services, update, withFirstRow } from './fixtures';

function errorsOf(input: unknown, registeredBeds?: number): FieldError[] {
  const result = validateBedState(input, services, registeredBeds);
  if (result.ok) throw new Error('expected the update to be rejected');
  return result.errors;
}

function onlyError(input: unknown): FieldError {
  const errors = errorsOf(input);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  if (!error) throw new Error('no error');
  return error;
}

describe('validateBedState: a valid update', () => {
  it('accepts the support pack example and normalises it', () => {
    const result = validateBedState(update(), services, 14);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        outOfHoursAdmissions: false,
        rows: [
          {
            vacancyType: 'general-residential',
            weeklyPriceFrom: 1175,
            maximumCapacity: 6,
            occupied: 6,
            vacantReserved: 0,
            vacantAccepting: 0,
            vacantNotAvailable: 0,
            notAvailableReason: null,
            flexible: false,
          },
          {
            vacancyType: 'learning-disability-residential',
            weeklyPriceFrom: 1175,
            maximumCapacity: 7,
            occupied: 6,
            vacantReserved: 0,
            vacantAccepting: 1,
            vacantNotAvailable: 0,
            notAvailableReason: null,
            flexible: false,
          },
        ],
      },
    });
  });

  it('orders rows by vacancy type whatever order they arrive in', () => {
    const input = update();
    input.rows.reverse();
    const result = validateBedState(input, services);
    expect(result.ok && result.value.rows.map((r) => r.vacancyType)).toEqual([
      'general-residential',
      'learning-disability-residential',
    ]);
  });

  it("takes outOfHoursAdmissions from the update, else keeps the home's answer", () => {
    const given = validateBedState(update({ outOfHoursAdmissions: true }), services);
    expect(given.ok && given.value.outOfHoursAdmissions).toBe(true);
    const kept = validateBedState(update(), { ...services, outOfHoursAdmissions: true });
    expect(kept.ok && kept.value.outOfHoursAdmissions).toBe(true);
  });

  it('rounds a price to pennies, tolerating binary floating point', () => {
    const result = validateBedState(withFirstRow({ weeklyPriceFrom: 1175.1 }), services);
    expect(result.ok && result.value.rows[0]?.weeklyPriceFrom).toBe(1175.1);
    const third = validateBedState(withFirstRow({ weeklyPriceFrom: 0.1 + 0.2 + 999.7 }), services);
    expect(third.ok && third.value.rows[0]?.weeklyPriceFrom).toBe(1000);
  });
});

describe('weekly price', () => {
  it('is at least £100 where capacity is more than 0: 100 passes, 99.99 fails', () => {
    expect(validateBedState(withFirstRow({ weeklyPriceFrom: 100 }), services).ok).toBe(true);
    expect(onlyError(withFirstRow({ weeklyPriceFrom: 99.99 }))).toEqual({
      path: 'rows/0/weeklyPriceFrom',
      field: 'weeklyPriceFrom',
      vacancyType: 'general-residential',
      rule: 'price-minimum',
      message:
        'General Residential: Weekly price from must be at least £100 when maximum capacity is more than 0 (got £99.99)',
    });
  });

  it('is required where capacity is more than 0', () => {
    const error = onlyError(withFirstRow({ weeklyPriceFrom: null }));
    expect(error).toMatchObject({ path: 'rows/0/weeklyPriceFrom', rule: 'price-required' });
    expect(error.message).toBe(
      'General Residential: Weekly price from is required when maximum capacity is more than 0',
    );
  });

  it('may be null, or below £100, where capacity is 0', () => {
    const empty = { maximumCapacity: 0, occupied: 0 };
    expect(validateBedState(withFirstRow({ ...empty, weeklyPriceFrom: null }), services).ok).toBe(true);
    expect(validateBedState(withFirstRow({ ...empty, weeklyPriceFrom: 0 }), services).ok).toBe(true);
  });

  it('must be present (null, not missing, says "no price")', () => {
    const input = update();
    const { weeklyPriceFrom: _dropped, ...rest } = row({ maximumCapacity: 0, occupied: 0 });
    input.rows[0] = rest as ReturnType<typeof row>;
    expect(onlyError(input)).toMatchObject({ path: 'rows/0/weeklyPriceFrom', rule: 'required' });
  });

  it('has at most 2 decimal places', () => {
    expect(validateBedState(withFirstRow({ weeklyPriceFrom: 100.01 }), services).ok).toBe(true);
    const error = onlyError(withFirstRow({ weeklyPriceFrom: 100.005 }));
    expect(error).toMatchObject({ rule: 'too-many-decimals', field: 'weeklyPriceFrom' });
    expect(error.message).toBe(
      'General Residential: Weekly price from must be in pounds with at most 2 decimal places (got 100.005)',
    );
  });

  it('is a number, not text or a non-finite value', () => {
    for (const bad of ['1175', '£1,175.00', Number.NaN, Number.POSITIVE_INFINITY, true, {}]) {
      expect(onlyError(withFirstRow({ weeklyPriceFrom: bad }))).toMatchObject({
        path: 'rows/0/weeklyPriceFrom',
        rule: 'malformed-number',
      });
    }
    expect(onlyError(withFirstRow({ weeklyPriceFrom: '£1,175.00' })).message).toBe(
      "General Residential: Weekly price from must be an amount in pounds such as 1175.00, not text ('£1,175.00')",
    );
  });

  it('is not negative and not above the ceiling', () => {
    expect(onlyError(withFirstRow({ maximumCapacity: 0, occupied: 0, weeklyPriceFrom: -5 }))).toMatchObject({
      rule: 'negative',
    });
    expect(validateBedState(withFirstRow({ weeklyPriceFrom: MAX_WEEKLY_PRICE }), services).ok).toBe(true);
    expect(onlyError(withFirstRow({ weeklyPriceFrom: MAX_WEEKLY_PRICE + 0.01 }))).toMatchObject({
      rule: 'too-large',
    });
  });
});

describe('bed counts', () => {
  const countFields = [
    'maximumCapacity',
    'occupied',
    'vacantReserved',
    'vacantAccepting',
    'vacantNotAvailable',
  ];

  it.each(countFields)('%s rejects malformed numbers with a clear message', (field) => {
    for (const [bad, shown] of [
      ['3', "text ('3')"],
      ['', "text ('')"],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
      [null, 'null'],
      [false, 'false'],
      [[3], 'a list'],
    ] as const) {
      const errors = errorsOf(withFirstRow({ [field]: bad }));
      const error = errors.find((e) => e.field === field);
      expect(error).toMatchObject({ path: `rows/0/${field}`, rule: 'malformed-number' });
      expect(error?.message).toMatch(/^General Residential: .+ must be a whole number of beds, not /);
      expect(error?.message.endsWith(shown)).toBe(true);
      // the arithmetic rule needs every count, so a malformed one does not add a second error
      expect(errors).toHaveLength(1);
    }
  });

  it.each(countFields)('%s must be whole: 1.5 fails', (field) => {
    const error = errorsOf(withFirstRow({ [field]: 1.5 })).find((e) => e.field === field);
    expect(error?.rule).toBe('not-whole-number');
    expect(error?.message).toContain('must be a whole number of beds (got 1.5)');
  });

  it.each(countFields)('%s cannot be negative: -1 fails, 0 passes', (field) => {
    const error = errorsOf(withFirstRow({ [field]: -1 })).find((e) => e.field === field);
    expect(error?.rule).toBe('negative');
    expect(error?.message).toContain('cannot be negative (got -1)');
  });

  it('passes 0 everywhere with no price', () => {
    const zeros = { maximumCapacity: 0, occupied: 0, weeklyPriceFrom: null };
    expect(validateBedState(withFirstRow(zeros), services).ok).toBe(true);
  });

  it('bounds a count at the sanity ceiling', () => {
    const at = { maximumCapacity: MAX_BEDS_PER_VACANCY_TYPE, occupied: MAX_BEDS_PER_VACANCY_TYPE };
    expect(validateBedState(withFirstRow(at), services).ok).toBe(true);
    const error = errorsOf(withFirstRow({ occupied: MAX_BEDS_PER_VACANCY_TYPE + 1 })).find(
      (e) => e.field === 'occupied',
    );
    expect(error?.rule).toBe('too-large');
  });

  it('is required', () => {
    const { occupied: _dropped, ...rest } = row();
    const input = update();
    input.rows[0] = rest as ReturnType<typeof row>;
    expect(onlyError(input)).toMatchObject({
      path: 'rows/0/occupied',
      rule: 'required',
      message: 'General Residential: Occupied is required',
    });
  });
});

describe('capacity arithmetic', () => {
  it('holds when capacity = occupied + reserved + accepting + not available', () => {
    const all = {
      maximumCapacity: 10,
      occupied: 4,
      vacantReserved: 1,
      vacantAccepting: 2,
      vacantNotAvailable: 3,
      notAvailableReason: 'refurbishment',
    };
    expect(validateBedState(withFirstRow(all), services).ok).toBe(true);
  });

  it('fails otherwise, showing the arithmetic', () => {
    const error = onlyError(
      withFirstRow({ maximumCapacity: 10, occupied: 6, vacantReserved: 1, vacantAccepting: 2 }),
    );
    expect(error).toEqual({
      path: 'rows/0/maximumCapacity',
      field: 'maximumCapacity',
      vacancyType: 'general-residential',
      rule: 'capacity-mismatch',
      message:
        'General Residential: Maximum capacity must equal occupied + vacant reserved + vacant accepting admissions + vacant not available, but 6 + 1 + 2 + 0 = 9, not 10',
    });
  });

  it('fails when the parts add up to more than capacity, by one', () => {
    expect(onlyError(withFirstRow({ maximumCapacity: 6, vacantAccepting: 1 })).rule).toBe(
      'capacity-mismatch',
    );
  });
});

describe('not available reason', () => {
  const notAvailable = { maximumCapacity: 7, vacantNotAvailable: 1 };

  it('is required when beds are not available', () => {
    const error = onlyError(withFirstRow({ ...notAvailable, notAvailableReason: null }));
    expect(error).toMatchObject({ path: 'rows/0/notAvailableReason', rule: 'reason-required' });
    expect(error.message).toBe(
      'General Residential: Reason not available is required when vacant not available for admission is more than 0 (choose one of: COVID outbreak, Local Authority safeguarding, Management decision, Other health outbreak (e.g. norovirus), Refurbishment)',
    );
  });

  it.each([
    'covid-outbreak',
    'local-authority-safeguarding',
    'management-decision',
    'other-health-outbreak',
    'refurbishment',
  ])('accepts %s', (reason) => {
    expect(validateBedState(withFirstRow({ ...notAvailable, notAvailableReason: reason }), services).ok).toBe(
      true,
    );
  });

  it('must come from the list', () => {
    const error = onlyError(withFirstRow({ ...notAvailable, notAvailableReason: 'Staff shortage' }));
    expect(error).toMatchObject({ rule: 'unknown-reason' });
    expect(error.message).toMatch(
      /^General Residential: Reason not available: 'Staff shortage' is not a reason/,
    );
    expect(onlyError(withFirstRow({ ...notAvailable, notAvailableReason: 3 })).rule).toBe('invalid-type');
  });

  it('is an error when given with no beds not available', () => {
    const error = onlyError(withFirstRow({ notAvailableReason: 'refurbishment' }));
    expect(error).toMatchObject({ path: 'rows/0/notAvailableReason', rule: 'reason-without-beds' });
    expect(error.message).toBe(
      'General Residential: Reason not available was given (Refurbishment) but no beds are not available; clear the reason or enter the number of beds not available',
    );
  });
});

describe('flexible', () => {
  it('is true or false, and required', () => {
    expect(validateBedState(withFirstRow({ flexible: true }), services).ok).toBe(true);
    expect(onlyError(withFirstRow({ flexible: 'no' }))).toMatchObject({
      rule: 'invalid-type',
      field: 'flexible',
    });
    expect(onlyError(withFirstRow({ flexible: undefined }))).toMatchObject({
      rule: 'required',
      field: 'flexible',
    });
  });
});

describe('vacancy types in the table', () => {
  it('rejects an unknown vacancy type, naming the row', () => {
    const input = update();
    input.rows.push(row({ vacancyType: 'bariatric', maximumCapacity: 0, occupied: 0 }));
    expect(onlyError(input)).toEqual({
      path: 'rows/2/vacancyType',
      field: 'vacancyType',
      rule: 'unknown-vacancy-type',
      message: "Row 3: 'bariatric' is an unknown vacancy type",
    });
  });

  it('rejects a known vacancy type the home does not offer', () => {
    const input = update();
    input.rows.push(row({ vacancyType: 'dementia-nursing' }));
    expect(onlyError(input)).toEqual({
      path: 'rows/2/vacancyType',
      field: 'vacancyType',
      vacancyType: 'dementia-nursing',
      rule: 'vacancy-type-not-offered',
      message:
        'Dementia Nursing: this vacancy type is not offered by this home; add it to the services offered first, or remove the row',
    });
  });

  it('rejects a vacancy type that appears twice', () => {
    const input = update();
    input.rows.push(row());
    expect(onlyError(input)).toMatchObject({
      path: 'rows/2/vacancyType',
      vacancyType: 'general-residential',
      rule: 'duplicate-vacancy-type',
      message:
        'General Residential: appears more than once (rows 1 and 3); each vacancy type must appear once',
    });
  });

  it('rejects an update missing an offered vacancy type: the table must be whole', () => {
    const input = update();
    input.rows.pop();
    expect(onlyError(input)).toEqual({
      path: 'rows',
      field: 'rows',
      vacancyType: 'learning-disability-residential',
      rule: 'vacancy-type-missing',
      message:
        'Learning Disability Residential: missing from the update; the home offers this vacancy type, so include its row (enter 0 where there are no beds)',
    });
  });

  it('requires a vacancy type on every row', () => {
    const input = update();
    input.rows.push(row({ vacancyType: undefined }));
    expect(onlyError(input)).toMatchObject({ path: 'rows/2/vacancyType', rule: 'required' });
    input.rows[2] = row({ vacancyType: 7 });
    expect(onlyError(input)).toMatchObject({ path: 'rows/2/vacancyType', rule: 'invalid-type' });
  });
});

describe('shape', () => {
  it('rejects extra fields on a row, naming them', () => {
    expect(onlyError(withFirstRow({ colour: 'blue' }))).toEqual({
      path: 'rows/0/colour',
      field: 'colour',
      vacancyType: 'general-residential',
      rule: 'unknown-field',
      message: "General Residential: unknown field 'colour' is not allowed",
    });
  });

  it('rejects extra fields on the update, naming them', () => {
    expect(onlyError(update({ homeId: 'x' }))).toEqual({
      path: 'homeId',
      field: 'homeId',
      rule: 'unknown-field',
      message: "Unknown field 'homeId' is not allowed",
    });
  });

  it('treats __proto__ as an unknown field, not as a prototype', () => {
    const input = JSON.parse(
      '{"rows":[{"__proto__":{"flexible":true},"vacancyType":"general-residential","weeklyPriceFrom":1175,"maximumCapacity":6,"occupied":6,"vacantReserved":0,"vacantAccepting":0,"vacantNotAvailable":0,"notAvailableReason":null}]}',
    );
    const errors = errorsOf(input);
    expect(errors.map((e) => [e.path, e.rule])).toEqual([
      ['rows/0/__proto__', 'unknown-field'],
      ['rows/0/flexible', 'required'],
      ['rows', 'vacancy-type-missing'],
    ]);
  });

  it('summarises unknown fields beyond 20', () => {
    const extras = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`x${i}`, i]));
    const errors = errorsOf(update(extras));
    expect(errors).toHaveLength(21);
    expect(errors[20]?.message).toBe('Unknown fields: 5 more are not allowed');
  });

  it('rejects input that is not an object, rows that are not a list, and rows that are not objects', () => {
    for (const bad of [null, 'rows', [], 3]) {
      expect(onlyError(bad)).toMatchObject({ path: '', rule: 'not-an-object' });
    }
    expect(onlyError({})).toMatchObject({ path: 'rows', rule: 'required' });
    expect(onlyError({ rows: {} })).toMatchObject({ path: 'rows', rule: 'not-a-list' });
    const input = update();
    (input.rows as unknown[]).push('general-residential');
    expect(onlyError(input)).toMatchObject({ path: 'rows/2', rule: 'not-an-object' });
  });

  it('bounds the number of rows', () => {
    const rows = Array.from({ length: MAX_BED_STATE_ROWS + 1 }, () => row());
    expect(onlyError({ rows })).toMatchObject({ path: 'rows', rule: 'too-many' });
  });

  it('rejects a non-boolean outOfHoursAdmissions', () => {
    expect(onlyError(update({ outOfHoursAdmissions: 'yes' }))).toMatchObject({
      path: 'outOfHoursAdmissions',
      rule: 'invalid-type',
    });
  });

  it('shortens a huge offending value in the message', () => {
    const error = onlyError(withFirstRow({ occupied: 'x'.repeat(10_000) }));
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('collecting every error', () => {
  it('reports all errors across rows and the table, not just the first', () => {
    const input = {
      rows: [
        row({ weeklyPriceFrom: 99.99, occupied: 1.5, notAvailableReason: 'refurbishment', extra: 1 }),
        row({ vacancyType: 'ypd' }),
        row({ vacancyType: 'general-residential', maximumCapacity: 5, vacantNotAvailable: 1 }),
      ],
      outOfHoursAdmissions: 'no',
      version: 3,
    };
    const errors = errorsOf(input);
    expect(errors.map((e) => `${e.path} ${e.rule}`)).toEqual([
      'version unknown-field',
      'outOfHoursAdmissions invalid-type',
      'rows/0/extra unknown-field',
      'rows/0/occupied not-whole-number',
      'rows/0/weeklyPriceFrom price-minimum',
      'rows/0/notAvailableReason reason-without-beds',
      'rows/1/vacancyType vacancy-type-not-offered',
      'rows/2/vacancyType duplicate-vacancy-type',
      'rows/2/maximumCapacity capacity-mismatch',
      'rows/2/notAvailableReason reason-required',
      'rows vacancy-type-missing',
    ]);
    expect(errors.every((e) => e.message.length > 0 && e.field.length > 0)).toBe(true);
  });
});

describe('registered beds warning', () => {
  it('warns, without failing, when total capacity is above CQC registered beds', () => {
    const result = validateBedState(update(), services, 12);
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings).toEqual([
      {
        path: 'rows',
        field: 'maximumCapacity',
        rule: 'capacity-above-registered',
        message:
          'Total maximum capacity (13) is more than the CQC registered bed capacity (12); please check the figures',
      },
    ]);
  });

  it('does not warn at or below registered beds, or when they are unknown', () => {
    for (const registered of [13, 14, undefined]) {
      const result = validateBedState(update(), services, registered);
      expect(result.ok && result.warnings).toEqual([]);
    }
    const result = validateBedState(update(), services, null);
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe('bedStateInputSchema agrees with validateBedState on context-free input', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['valid', update(), true],
    [
      'valid, zero row with null price',
      withFirstRow({ maximumCapacity: 0, occupied: 0, weeklyPriceFrom: null }),
      true,
    ],
    ['price 99.99', withFirstRow({ weeklyPriceFrom: 99.99 }), false],
    ['price null with capacity', withFirstRow({ weeklyPriceFrom: null }), false],
    ['price 3 decimals', withFirstRow({ weeklyPriceFrom: 100.005 }), false],
    ['count text', withFirstRow({ occupied: '6' }), false],
    ['count NaN', withFirstRow({ occupied: Number.NaN }), false],
    ['count 1.5', withFirstRow({ occupied: 1.5 }), false],
    ['count -1', withFirstRow({ vacantReserved: -1 }), false],
    ['arithmetic', withFirstRow({ maximumCapacity: 7 }), false],
    ['reason missing', withFirstRow({ maximumCapacity: 7, vacantNotAvailable: 1 }), false],
    ['reason without beds', withFirstRow({ notAvailableReason: 'refurbishment' }), false],
    ['unknown vacancy type', withFirstRow({ vacancyType: 'bariatric' }), false],
    ['extra row field', withFirstRow({ colour: 'blue' }), false],
    ['extra field', update({ homeId: 'x' }), false],
  ];
  it.each(cases)('%s', (_name, input, valid) => {
    expect(bedStateInputSchema.safeParse(input).success).toBe(valid);
    expect(validateBedState(input, services).ok).toBe(valid);
  });

  it('carries the rule code on its issues', () => {
    const parsed = bedStateInputSchema.safeParse(withFirstRow({ weeklyPriceFrom: 99.99 }));
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['rows', 0, 'weeklyPriceFrom'], params: { rule: 'price-minimum' } }),
    ]);
  });
});
