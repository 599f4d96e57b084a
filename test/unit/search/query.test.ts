import { describe, expect, it } from 'vitest';
import { DEFAULT_RADIUS_MILES, searchParamsSchema } from '../../../shared/domain/search';
import { zodToFieldErrors } from '../../../shared/http/handler';

const parse = (params: Record<string, string>) => searchParamsSchema.safeParse(params);

function fieldsOf(params: Record<string, string>): string[] {
  const result = parse(params);
  if (result.success) throw new Error(`expected ${JSON.stringify(params)} to be refused`);
  return zodToFieldErrors(result.error).map((e) => e.field);
}

describe('search query parameters', () => {
  it('fills in the defaults: long term, accepting today, any update time, 10 miles, first page of 20', () => {
    const result = searchParamsSchema.parse({ postcode: 'b97 9pt' });
    expect(result).toMatchObject({
      format: 'json',
      pageSize: 20,
      cursor: null,
      query: {
        area: { kind: 'postcode', input: 'b97 9pt', radiusMiles: DEFAULT_RADIUS_MILES },
        stay: 'long-term',
        vacancyTypes: [],
        acceptingToday: true,
        updatedWithin: 'any',
        outOfHours: null,
        contractLa: null,
        maxWeeklyPrice: null,
      },
    });
  });

  it('reads comma lists, de-duplicates them and lower-cases codes', () => {
    const { query } = searchParamsSchema.parse({
      postcode: 'B97',
      vacancyTypes: 'General-Nursing, general-nursing,ypd',
      ratings: 'good,Outstanding',
      fundingSources: 'private',
      specialisms: 'Dementia,Caring for adults over 65 yrs',
    });
    expect(query.vacancyTypes).toEqual(['general-nursing', 'ypd']);
    expect(query.ratings).toEqual(['Good', 'Outstanding']);
    expect(query.fundingSources).toEqual(['private']);
    expect(query.specialisms).toEqual(['dementia', 'caring-for-adults-over-65-yrs']);
  });

  it('drops English from required languages (every home speaks it) and splits notes into words', () => {
    const { query } = searchParamsSchema.parse({
      la: 'Leeds',
      languages: 'English, British  Sign Language',
      notes: 'Hoist, bariatric',
    });
    expect(query.languages).toEqual(['british sign language']);
    expect(query.notesWords).toEqual(['hoist', 'bariatric']);
  });

  it('takes short-stay service codes as vacancy types for a short-stay search', () => {
    const { query } = searchParamsSchema.parse({
      la: 'Leeds',
      stay: 'short-stay',
      vacancyTypes: 'respite-care',
    });
    expect(query.vacancyTypes).toEqual(['respite-care']);
    expect(fieldsOf({ la: 'Leeds', stay: 'short-stay', vacancyTypes: 'general-nursing' })).toEqual([
      'vacancyTypes',
    ]);
  });

  it('names the parameter of every invalid value', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ postcode: 'B97', radiusMiles: '100.5' }, 'radiusMiles'],
      [{ postcode: 'B97', radiusMiles: '0' }, 'radiusMiles'],
      [{ postcode: 'not a postcode' }, 'postcode'],
      [{ postcode: 'B97', vacancyTypes: 'castle' }, 'vacancyTypes'],
      [{ postcode: 'B97', ratings: 'excellent' }, 'ratings'],
      [{ postcode: 'B97', fundingSources: 'nhs' }, 'fundingSources'],
      [{ postcode: 'B97', contractLa: 'perhaps' }, 'contractLa'],
      [{ postcode: 'B97', outOfHours: '1' }, 'outOfHours'],
      [{ postcode: 'B97', updatedWithin: '48h' }, 'updatedWithin'],
      [{ postcode: 'B97', maxWeeklyPrice: 'cheap' }, 'maxWeeklyPrice'],
      [{ postcode: 'B97', pageSize: '2.5' }, 'pageSize'],
      [{ postcode: 'B97', brand: 'x'.repeat(101) }, 'brand'],
      [{ postcode: 'B97', notes: 'hoist\u0000' }, 'notes'],
      [{ postcode: 'B97', stay: 'forever' }, 'stay'],
      [{ postcode: 'B97', specialisms: '!!!' }, 'specialisms'],
      [{ postcode: 'B97', languages: 'x'.repeat(41) }, 'languages'],
      [{ postcode: 'B97', radius: '5' }, 'radius'],
      [{ subIcb: '15F', radiusMiles: '5' }, 'radiusMiles'],
      [{}, 'postcode'],
      [{ la: 'Leeds', icb: 'QWO' }, 'postcode'],
    ];
    for (const [params, field] of cases) expect(fieldsOf(params), JSON.stringify(params)).toContain(field);
  });

  it('accepts the most it allows', () => {
    expect(parse({ postcode: 'B97', radiusMiles: '100', pageSize: '100', maxWeeklyPrice: '0' }).success).toBe(
      true,
    );
  });
});
