import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type RouteDef, routes } from '../../../shared/wiring/definitions';
import {
  expectedOutcome,
  policyGaps,
  renderAuthorisationTable,
  routePolicy,
} from '../../../shared/wiring/route-policy';

const DOC = new URL('../../../docs/authorisation.md', import.meta.url);
const BEGIN = '<!-- BEGIN GENERATED: route x role table (shared/wiring/route-policy.ts) -->';
const END = '<!-- END GENERATED -->';

/** The table's cells, whatever the formatter did to padding and separator rows. */
function cells(table: string): string[][] {
  return table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

const equalTables = (a: string, b: string) => JSON.stringify(cells(a)) === JSON.stringify(cells(b));

describe('route policy', () => {
  it('states a rule for every route in definitions.ts, matching its authentication', () => {
    const gaps = policyGaps();
    expect(gaps.missing, 'routes without an entry in shared/wiring/route-policy.ts').toEqual([]);
    expect(gaps.mismatched, 'policies that contradict the route auth').toEqual([]);
    expect(gaps.stale, 'policies for routes that no longer exist').toEqual([]);
  });

  it('notices a route that has no policy', () => {
    const extra: RouteDef = { method: 'GET', path: '/api/not-in-policy', fn: 'system', auth: 'jwt' };
    expect(policyGaps([...routes, extra]).missing).toEqual(['GET /api/not-in-policy']);
    expect(policyGaps([{ ...extra, path: '/api/me', auth: 'none' }]).mismatched).toEqual([
      'GET /api/me (auth none, policy signed-in)',
    ]);
  });

  it('derives outcomes: own-organisation grants refuse members of other organisations', () => {
    const decide = routePolicy['POST /api/access-requests/{requestId}/decision'];
    if (!decide) throw new Error('missing');
    expect(expectedOutcome(decide, { kind: 'member', role: 'provider-approver', org: 'own' })).toBe(
      'allowed',
    );
    expect(expectedOutcome(decide, { kind: 'member', role: 'provider-approver', org: 'other' })).toBe(
      'forbidden',
    );
    expect(expectedOutcome(decide, { kind: 'member', role: 'admin', org: 'other' })).toBe('allowed');
    expect(expectedOutcome(decide, { kind: 'member', role: 'la-officer', org: 'own' })).toBe('forbidden');
    expect(expectedOutcome(decide, { kind: 'no-role' })).toBe('forbidden');
    expect(expectedOutcome(decide, { kind: 'anonymous' })).toBe('unauthenticated');
    expect(
      expectedOutcome({ access: 'supplier-key', why: '' }, { kind: 'member', role: 'supplier', org: 'own' }),
    ).toBe('unauthenticated');
  });

  it('docs/authorisation.md carries the table generated from the policy', () => {
    // UPDATE_AUTHZ_DOC=1 npx vitest run test/unit/accounts/route-policy.test.ts rewrites it.
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/authorisation.md must contain ${BEGIN}`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const current = doc.slice(start + BEGIN.length, end).trim();
    const generated = renderAuthorisationTable();
    if (process.env.UPDATE_AUTHZ_DOC && !equalTables(current, generated)) {
      writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n\n${generated}\n\n${doc.slice(end)}`);
      return;
    }
    expect(
      cells(current),
      'run UPDATE_AUTHZ_DOC=1 npx vitest run test/unit/accounts/route-policy.test.ts, then npx biome format --write docs/authorisation.md',
    ).toEqual(cells(generated));
  });
});
