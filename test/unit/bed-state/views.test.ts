import { describe, expect, it } from 'vitest';
import { bedStateView, currentTable, servicesView } from '../../../shared/app/bed-state';
import { isUpdateSource } from '../../../shared/app/bed-state/types';
import { normaliseServices } from '../../../shared/app/bed-state/views';
import { generalResidential, storedHome } from './fixtures';

describe('the provider update table of a home', () => {
  it('has a row per offered vacancy type, in vocabulary order, blank where none is held yet', () => {
    const table = currentTable(storedHome());
    expect(table.rows.map((r) => r.vacancyType)).toEqual(['dementia-nursing', 'general-residential']);
    expect(table.rows[0]).toMatchObject({ maximumCapacity: 0, weeklyPriceFrom: null, vacantAccepting: 0 });
    expect(table.rows[1]).toEqual(generalResidential);
    expect(table.outOfHoursAdmissions).toBe(true);
  });

  it('is empty before services are chosen, and derives status and totals from the rows', () => {
    const none = bedStateView(
      storedHome({ services: null, bedRows: null, bedVersion: 0, outOfHoursAdmissions: null }),
    );
    expect(none).toMatchObject({
      servicesSet: false,
      offeredVacancyTypes: [],
      admissionStatus: 'not-accepting',
    });
    expect(none.state).toEqual({ rows: [], outOfHoursAdmissions: false });
    const view = bedStateView(storedHome());
    expect(view).toMatchObject({
      admissionStatus: 'accepting',
      totals: { capacity: 6, residents: 5, accepting: 1 },
      version: 2,
    });
  });

  it('names the vacancy types that still have beds on the services view', () => {
    expect(servicesView(storedHome()).vacancyTypesWithBeds).toEqual(['general-residential']);
    expect(servicesView(storedHome()).services?.outOfHoursAdmissions).toBe(true);
    const empty = storedHome({
      bedRows: [{ ...generalResidential, maximumCapacity: 0, occupied: 0, vacantAccepting: 0 }],
    });
    expect(servicesView(empty).vacancyTypesWithBeds).toEqual([]);
  });
});

describe('normaliseServices', () => {
  it('puts code lists in vocabulary order, keeps languages as given and drops out-of-hours', () => {
    const stored = normaliseServices({
      shortStayServices: ['respite-care', 'discharge-to-assess'],
      shortStayNone: false,
      vacancyTypes: ['ypd', 'community-care'],
      languages: ['Polish', 'English'],
      notes: 'Lift',
      fundingSources: ['private', 'sub-icb'],
      contracts: { localAuthority: true, subIcb: false },
      outOfHoursAdmissions: true,
    });
    expect(stored).toEqual({
      shortStayServices: ['discharge-to-assess', 'respite-care'],
      shortStayNone: false,
      vacancyTypes: ['community-care', 'ypd'],
      languages: ['Polish', 'English'],
      notes: 'Lift',
      fundingSources: ['sub-icb', 'private'],
      contracts: { localAuthority: true, subIcb: false },
    });
  });
});

describe('update sources', () => {
  it('accepts web, bulk and named suppliers only', () => {
    expect(['web', 'bulk', 'supplier:acme', 'supplier:bed-finder-2'].every(isUpdateSource)).toBe(true);
    expect(['', 'supplier:', 'supplier:Acme Ltd', 'api', 'supplier:a/b'].some(isUpdateSource)).toBe(false);
  });
});
