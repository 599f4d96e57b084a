import type { StoredHome } from '../../../shared/app/bed-state';
import type { BedStateRow } from '../../../shared/domain/vacancy';

export const generalResidential: BedStateRow = {
  vacancyType: 'general-residential',
  weeklyPriceFrom: 1175,
  maximumCapacity: 6,
  occupied: 5,
  vacantReserved: 0,
  vacantAccepting: 1,
  vacantNotAvailable: 0,
  notAvailableReason: null,
  flexible: false,
};

export function storedHome(overrides: Partial<StoredHome> = {}): StoredHome {
  return {
    locationId: '1-100',
    providerId: '1-1',
    name: 'Cranberry Care Home',
    registeredBeds: 14,
    services: {
      shortStayServices: [],
      shortStayNone: true,
      vacancyTypes: ['dementia-nursing', 'general-residential'],
      languages: ['English'],
      notes: '',
      fundingSources: [],
      contracts: { localAuthority: false, subIcb: false },
    },
    servicesVersion: 1,
    servicesUpdatedAt: '2026-03-01T09:00:00.000Z',
    servicesUpdatedBy: { sub: 's', email: 'e@x.test' },
    bedRows: [generalResidential],
    bedVersion: 2,
    bedUpdatedAt: '2026-03-01T10:00:00.000Z',
    bedUpdatedBy: { sub: 's', email: 'e@x.test' },
    bedSource: 'web',
    bedSourceTime: '2026-03-01T10:00:00.000Z',
    bedChangedAt: '2026-03-01T10:00:00.000Z',
    outOfHoursAdmissions: true,
    ...overrides,
  };
}
