import {
  admissionStatus,
  type BedState,
  bedStateTotals,
  blankRow,
  FUNDING_SOURCE_CODES,
  type ServicesOffered,
  SHORT_STAY_SERVICE_CODES,
  VACANCY_TYPE_CODES,
  type VacancyTypeCode,
} from '../../domain/vacancy';
import type { BedStateView, ServicesView, StoredHome, StoredServices } from './types';

export function offeredVacancyTypes(home: StoredHome): VacancyTypeCode[] {
  const offered = home.services?.vacancyTypes ?? [];
  return VACANCY_TYPE_CODES.filter((code) => offered.includes(code));
}

/** The table as held: a row per offered vacancy type, blank where the home has not filled it in yet. */
export function currentTable(home: StoredHome): BedState {
  const held = new Map((home.bedRows ?? []).map((row) => [row.vacancyType, row]));
  return {
    rows: offeredVacancyTypes(home).map((code) => held.get(code) ?? blankRow(code)),
    outOfHoursAdmissions: home.outOfHoursAdmissions ?? false,
  };
}

/** The stored figures exactly as last written (null before the first update), for diffs and equality. */
export function storedBedState(home: StoredHome): BedState | null {
  if (home.bedRows === null) return null;
  return { rows: home.bedRows, outOfHoursAdmissions: home.outOfHoursAdmissions ?? false };
}

export function bedStateView(home: StoredHome): BedStateView {
  const state = currentTable(home);
  return {
    locationId: home.locationId,
    name: home.name ?? null,
    providerId: home.providerId ?? null,
    registeredBeds: home.registeredBeds ?? null,
    version: home.bedVersion,
    servicesVersion: home.servicesVersion,
    servicesSet: home.services !== null,
    offeredVacancyTypes: offeredVacancyTypes(home),
    state,
    admissionStatus: admissionStatus(state),
    totals: bedStateTotals(state),
    updatedAt: home.bedUpdatedAt,
    updatedBy: home.bedUpdatedBy,
    source: home.bedSource,
    sourceTime: home.bedSourceTime,
    changedAt: home.bedChangedAt,
  };
}

export function servicesOf(home: StoredHome): ServicesOffered | null {
  if (!home.services) return null;
  return { ...home.services, outOfHoursAdmissions: home.outOfHoursAdmissions ?? false };
}

export function servicesView(home: StoredHome): ServicesView {
  return {
    locationId: home.locationId,
    name: home.name ?? null,
    providerId: home.providerId ?? null,
    registeredBeds: home.registeredBeds ?? null,
    version: home.servicesVersion,
    services: servicesOf(home),
    updatedAt: home.servicesUpdatedAt,
    updatedBy: home.servicesUpdatedBy,
    vacancyTypesWithBeds: (home.bedRows ?? [])
      .filter((row) => row.maximumCapacity > 0)
      .map((row) => row.vacancyType),
  };
}

function inVocabularyOrder<T extends string>(values: readonly T[], order: readonly T[]): T[] {
  return [...values].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * Code lists kept in vocabulary order, so a re-save that only reorders checkboxes is "unchanged"
 * and stored lists compare equal. Languages keep the order the home gave them.
 */
export function normaliseServices(services: ServicesOffered): StoredServices {
  return {
    shortStayServices: inVocabularyOrder(services.shortStayServices, SHORT_STAY_SERVICE_CODES),
    shortStayNone: services.shortStayNone,
    vacancyTypes: inVocabularyOrder(services.vacancyTypes, VACANCY_TYPE_CODES),
    languages: [...services.languages],
    notes: services.notes,
    fundingSources: inVocabularyOrder(services.fundingSources, FUNDING_SOURCE_CODES),
    contracts: { localAuthority: services.contracts.localAuthority, subIcb: services.contracts.subIcb },
  };
}
