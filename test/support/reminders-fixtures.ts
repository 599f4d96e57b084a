import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orgIdFor } from '../../shared/domain/authz';
import type { OrgType, Role } from '../../shared/domain/roles';
import { accountKeys } from '../../shared/infra/accounts-repository';
import type { EmailMessage, EmailSender } from '../../shared/infra/email';
import { homeKeys } from '../../shared/infra/keys';

/**
 * Homes and people for the reminder tests and benchmark, written straight into a table in the
 * shapes the registry, the bed-state repository and the accounts repository write (HOME item with
 * its area index keys and bed state; profile and membership items).
 */
export interface ReminderHomeFixture {
  locationId: string;
  name: string;
  providerId: string;
  localAuthority: string;
  region: string;
  icbCode?: string;
  subIcbCode?: string;
  /** null: never updated. */
  bedUpdatedAt: string | null;
  /** Whether the home has figures (so it can be confirmed). Default: true when updated. */
  figures?: boolean;
  registryStatus?: 'active' | 'archived';
}

const ROW = {
  vacancyType: 'general-residential',
  weeklyPriceFrom: 900,
  maximumCapacity: 10,
  occupied: 8,
  vacantReserved: 0,
  vacantAccepting: 2,
  vacantNotAvailable: 0,
  notAvailableReason: null,
  flexible: false,
};

export function homeItem(h: ReminderHomeFixture): Record<string, unknown> {
  const areaSk = homeKeys.areaSk(h.name, h.locationId);
  const active = (h.registryStatus ?? 'active') === 'active';
  const figures = h.figures ?? h.bedUpdatedAt !== null;
  return {
    pk: homeKeys.pk(h.locationId),
    sk: homeKeys.sk,
    entity: 'HOME',
    locationId: h.locationId,
    name: h.name,
    providerId: h.providerId,
    localAuthority: h.localAuthority,
    region: h.region,
    ...(h.icbCode ? { icbCode: h.icbCode } : {}),
    ...(h.subIcbCode ? { subIcbCode: h.subIcbCode } : {}),
    registryStatus: h.registryStatus ?? 'active',
    registeredBeds: 10,
    ...(active
      ? {
          gsi2pk: homeKeys.laPk(h.localAuthority),
          gsi2sk: areaSk,
          gsi5pk: homeKeys.regionPk(h.region),
          gsi5sk: areaSk,
          gsi6pk: homeKeys.providerPk(h.providerId),
          gsi6sk: areaSk,
        }
      : {}),
    services: {
      shortStayServices: [],
      shortStayNone: true,
      vacancyTypes: ['general-residential'],
      languages: ['English'],
      notes: '',
      fundingSources: ['private'],
      contracts: { localAuthority: false, subIcb: false },
    },
    servicesVersion: 1,
    outOfHoursAdmissions: false,
    ...(figures
      ? {
          bedState: [ROW],
          bedVersion: 1,
          admissionStatus: 'accepting',
          bedChangedAt: h.bedUpdatedAt ?? undefined,
        }
      : { bedVersion: 0 }),
    ...(h.bedUpdatedAt
      ? {
          bedUpdatedAt: h.bedUpdatedAt,
          bedSource: 'web',
          bedSourceTime: h.bedUpdatedAt,
          bedUpdatedBy: { sub: 'fixture', email: 'fixture@example.test' },
        }
      : {}),
  };
}

export interface PersonMembership {
  orgId: string;
  orgType: OrgType;
  orgName: string;
  role: Role;
  providerId?: string;
}

export function personItems(
  person: { sub: string; email: string; disabled?: boolean },
  memberships: PersonMembership[],
): Record<string, unknown>[] {
  const at = '2026-01-01T00:00:00.000Z';
  return [
    {
      pk: accountKeys.userPk(person.sub),
      sk: accountKeys.profileSk,
      entity: 'user',
      gsi2pk: accountKeys.emailPk(person.email),
      gsi2sk: accountKeys.emailSk,
      gsi5pk: accountKeys.usersPk,
      gsi5sk: accountKeys.usersSk(person.email, person.sub),
      sub: person.sub,
      email: person.email,
      disabled: person.disabled ?? false,
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    ...memberships.map((m) => ({
      pk: accountKeys.userPk(person.sub),
      sk: accountKeys.memberSk(m.orgId, m.role),
      entity: 'membership',
      gsi3pk: accountKeys.membersPk(m.orgId),
      gsi3sk: accountKeys.membersSk(m.role, person.sub),
      sub: person.sub,
      email: person.email,
      ...m,
      grantedAt: at,
      grantedBySub: 'fixture',
      grantedByEmail: 'fixture',
    })),
  ];
}

export const staffMembership = (h: {
  locationId: string;
  name: string;
  providerId: string;
}): PersonMembership => ({
  orgId: orgIdFor.careHome(h.locationId),
  orgType: 'care-home',
  orgName: h.name,
  role: 'care-home-staff',
  providerId: h.providerId,
});

/** BatchWriteItem, 25 at a time, `parallel` batches in flight, unprocessed items retried. */
export async function writeItems(
  ddb: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  parallel = 8,
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      let request = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; request.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
        const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [tableName]: request } }));
        request = (res.UnprocessedItems?.[tableName] ?? []) as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Keeps sent messages in memory; fails every send after `failAfter` successful ones (when given). */
export class RecordingSender implements EmailSender {
  readonly sent: EmailMessage[] = [];
  constructor(private readonly failAfter = Number.POSITIVE_INFINITY) {}
  async send(message: EmailMessage): Promise<{ messageId: string }> {
    if (this.sent.length >= this.failAfter) throw new Error('SES is unavailable (injected failure)');
    this.sent.push(message);
    return { messageId: `m-${this.sent.length}` };
  }
}

/** The token at the end of the confirm link in a reminder's text. */
export function confirmTokenIn(text: string): string | undefined {
  return /\/confirm\/([A-Za-z0-9_~-]+)/.exec(text)?.[1];
}
