import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { generateNational } from '../scripts/generate';
import { resumeRegistrySeed, type SeededHome, seedRegistry } from '../shared/app/registry/seed';
import type { Role } from '../shared/domain/roles';
import { findOrCreateDemoHome, seedDemoMemberships } from '../shared/infra/accounts-demo';
import type { HomeFacts } from '../shared/infra/accounts-organisations';
import { ensureConfirmedUser } from './cognito-setup';

export interface DemoUser {
  role: Role;
  email: string;
  password: string;
  sub: string;
  organisation: { id: string; type: string; name: string };
}

export interface SeedContext {
  root: string;
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  log: (m: string) => void;
}

/** One password for every demo account, listed in the README; local mode only. */
export const DEMO_PASSWORD = 'demo-password-2026';

const DEMO_ROLES: Array<{ role: Role; email: string }> = [
  { role: 'care-home-staff', email: 'staff@demo.cct.local' },
  { role: 'provider-approver', email: 'approver@demo.cct.local' },
  { role: 'discharge', email: 'discharge@demo.cct.local' },
  { role: 'la-officer', email: 'la.officer@demo.cct.local' },
  { role: 'commissioner', email: 'commissioner@demo.cct.local' },
  { role: 'admin', email: 'admin@demo.cct.local' },
];

/** Active care homes the registry seed loaded (best-described first): candidates for demo memberships. */
export let seededHomes: SeededHome[] = [];
/** The background part of the registry seed (see seedRegistry), for callers that want to wait for it. */
export let registrySeedRest: Promise<string> | undefined;

const generateSeed = (outDir: string) =>
  generateNational({ homes: 300, seed: 42, outDir, directoryRows: 30 });

/** A seeded registry home as the accounts module describes homes (ONS codes for ICB and sub-ICB). */
function demoHomeOf(h: SeededHome): HomeFacts {
  return {
    locationId: h.locationId,
    name: h.name,
    providerId: h.providerId,
    ...(h.providerName ? { providerName: h.providerName } : {}),
    ...(h.localAuthority ? { localAuthority: h.localAuthority } : {}),
    ...(h.subIcbCode ? { subIcb: h.subIcbCode } : {}),
    ...(h.subIcbName ? { subIcbName: h.subIcbName } : {}),
    ...(h.icbCode ? { icb: h.icbCode } : {}),
    ...(h.icbName ? { icbName: h.icbName } : {}),
    ...(h.region ? { region: h.region } : {}),
    status: 'active',
  };
}

/** A restart over kept data: finishes the registry seed in the background if an earlier start was stopped mid-way. */
export function resumeSeed(ctx: Pick<SeedContext, 'root' | 'log'>): void {
  registrySeedRest = resumeRegistrySeed({ root: ctx.root, log: ctx.log, generate: generateSeed }).then(
    (m) => m ?? 'registry seed already complete',
  );
}

export async function seedDemoData(ctx: SeedContext): Promise<DemoUser[]> {
  // The care home register first (../shared/data, else 300 generated homes): its first part now, so
  // demo users belong to a real home; the rest loads in the background after ready.
  const registry = await seedRegistry({ root: ctx.root, log: ctx.log, generate: generateSeed });
  seededHomes = registry.homes;
  registrySeedRest = registry.rest;
  const users: DemoUser[] = [];
  for (const d of DEMO_ROLES) {
    const sub = await ensureConfirmedUser(ctx.cognito, ctx.userPoolId, d.email, DEMO_PASSWORD, [d.role]);
    users.push({
      role: d.role,
      email: d.email,
      password: DEMO_PASSWORD,
      sub,
      organisation: { id: 'national', type: 'national', name: 'England' },
    });
  }
  // Stored memberships: authorisation reads these, never the Cognito groups (shared/infra/accounts-demo.ts).
  // Runs after any registry seed so the demo users belong to a real home when there is one.
  const best = seededHomes[0];
  const { home, created } = best ? { home: demoHomeOf(best), created: false } : await findOrCreateDemoHome();
  if (created) ctx.log(`no registry homes yet: created demo home ${home.locationId}`);
  const seeded = await seedDemoMemberships({ home, users });
  for (const u of users) {
    const o = seeded.find((s) => s.sub === u.sub)?.organisation;
    if (o) u.organisation = o;
  }
  ctx.log(`seeded ${users.length} demo users`);
  return users;
}
