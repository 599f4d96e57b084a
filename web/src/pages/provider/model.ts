import type { Freshness } from '../../../../shared/domain/vacancy/freshness';
import type {
  AdmissionStatus,
  FundingSourceCode,
  NotAvailableReasonCode,
  ShortStayServiceCode,
  VacancyTypeCode,
} from '../../../../shared/domain/vacancy/vocabulary';
import type { ApiClient } from '../../api';

/** Shapes of the provider update API (shared/http/routes/vacancies.ts), as the pages read them. */

export interface BedRow {
  vacancyType: VacancyTypeCode;
  weeklyPriceFrom: number | null;
  maximumCapacity: number;
  occupied: number;
  vacantReserved: number;
  vacantAccepting: number;
  vacantNotAvailable: number;
  notAvailableReason: NotAvailableReasonCode | null;
  flexible: boolean;
}

export interface Totals {
  capacity: number;
  residents: number;
  accepting: number;
  reserved: number;
  notAvailable: number;
}

export interface Vacancies {
  locationId: string;
  name: string | null;
  providerId: string | null;
  registeredBeds: number | null;
  version: number;
  servicesVersion: number;
  servicesSet: boolean;
  offeredVacancyTypes: VacancyTypeCode[];
  rows: BedRow[];
  outOfHoursAdmissions: boolean;
  admissionStatus: AdmissionStatus;
  admissionStatusLabel: string;
  totals: Totals;
  updatedAt: string | null;
  changedAt: string | null;
  source: string | null;
  updatedBy?: { email: string };
  freshness: Freshness;
  canWrite: boolean;
}

export interface SavedVacancies extends Vacancies {
  outcome: 'applied' | 'unchanged' | 'confirmed';
  warnings?: Array<{ field: string; rule: string; message: string }>;
}

export interface ServicesOffered {
  shortStayServices: ShortStayServiceCode[];
  shortStayNone: boolean;
  vacancyTypes: VacancyTypeCode[];
  languages: string[];
  notes: string;
  fundingSources: FundingSourceCode[];
  contracts: { localAuthority: boolean; subIcb: boolean };
  outOfHoursAdmissions: boolean;
}

export interface Services {
  locationId: string;
  name: string | null;
  providerId: string | null;
  registeredBeds: number | null;
  version: number;
  services: ServicesOffered | null;
  updatedAt: string | null;
  updatedBy?: { email: string };
  vacancyTypesWithBeds: VacancyTypeCode[];
  canWrite: boolean;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEvent {
  id: string;
  at: string;
  kind: 'bed-state-updated' | 'bed-state-confirmed' | 'services-updated';
  actor?: { sub: string; email: string };
  source: string;
  sourceTime: string | null;
  bedVersion: number;
  servicesVersion: number;
  bedChanges?: {
    vacancyTypes: Array<{
      vacancyType: VacancyTypeCode;
      kind: 'added' | 'removed' | 'changed';
      fields: FieldChange[];
    }>;
    outOfHoursAdmissions: { before: boolean | null; after: boolean } | null;
    admissionStatus: { before: AdmissionStatus | null; after: AdmissionStatus };
  };
  confirmation?: 'confirmed' | 'unchanged-update';
  servicesChanges?: { fields: FieldChange[]; droppedVacancyTypes: VacancyTypeCode[] };
}

export interface HistoryPage {
  events: HistoryEvent[];
  cursor?: string;
}

export interface MyHome {
  locationId: string;
  name: string | null;
  registeredBeds: number | null;
  via: 'care-home-staff' | 'provider-approver';
  version: number;
  servicesSet: boolean;
  offeredVacancyTypes: VacancyTypeCode[];
  admissionStatus: AdmissionStatus;
  admissionStatusLabel: string;
  outOfHoursAdmissions: boolean;
  totals: Totals;
  updatedAt: string | null;
  freshness: Freshness;
}

const home = (locationId: string) => `/homes/${encodeURIComponent(locationId)}`;
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export const providerApi = {
  vacancies: (api: ApiClient, locationId: string, signal?: AbortSignal) =>
    api.get<Vacancies>(`${home(locationId)}/vacancies`, { signal }),
  saveVacancies: (api: ApiClient, locationId: string, version: number, body: unknown) =>
    api.put<SavedVacancies>(`${home(locationId)}/vacancies`, body, { headers: ifMatch(version) }),
  confirm: (api: ApiClient, locationId: string, version: number) =>
    api.post<SavedVacancies>(`${home(locationId)}/vacancies/confirm`, undefined, {
      headers: ifMatch(version),
    }),
  services: (api: ApiClient, locationId: string, signal?: AbortSignal) =>
    api.get<Services>(`${home(locationId)}/services`, { signal }),
  saveServices: (api: ApiClient, locationId: string, version: number, body: ServicesOffered) =>
    api.put<Services & { outcome: 'applied' | 'unchanged' }>(`${home(locationId)}/services`, body, {
      headers: ifMatch(version),
    }),
  history: (
    api: ApiClient,
    locationId: string,
    options: { limit?: number; cursor?: string; signal?: AbortSignal } = {},
  ) =>
    api.get<HistoryPage>(`${home(locationId)}/history`, {
      query: { limit: options.limit, cursor: options.cursor },
      signal: options.signal,
    }),
  myHomes: (api: ApiClient, signal?: AbortSignal) =>
    api.get<{ homes: MyHome[]; truncated: boolean }>('/my/homes', { signal }),
};

/** The provider update page of a home, and its services page. */
export const providerPaths = {
  vacancies: (locationId: string) => `/care-homes/${encodeURIComponent(locationId)}/vacancies`,
  services: (locationId: string) => `/care-homes/${encodeURIComponent(locationId)}/services`,
};
