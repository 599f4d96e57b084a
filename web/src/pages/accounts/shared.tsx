import { type FormEvent, useState } from 'react';
import { ROLES_FOR_ORG_TYPE } from '../../../../shared/domain/authz';
import { ORG_TYPES } from '../../../../shared/domain/roles';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { Button, type FormError, Radios, TextInput } from '../../components/forms';
import { type OrgType, orgTypeLabel, type Role, roleLabel } from '../../roles';

/** Pieces shared by the access request, approvals and admin pages. */

export interface Organisation {
  orgId: string;
  orgType: OrgType;
  name: string;
  code: string;
  localAuthority?: string;
  providerName?: string;
}

export interface AccessRequest {
  requestId: string;
  sub: string;
  email: string;
  orgId: string;
  orgType: OrgType;
  orgName: string;
  role: Role;
  reason?: string;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: string;
  decidedAt?: string;
  decidedByEmail?: string;
  decisionReason?: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** Kinds of organisation in which a role can be held (the server's ROLES_FOR_ORG_TYPE). */
export function orgTypesFor(role: Role): OrgType[] {
  return ORG_TYPES.filter((t) => ROLES_FOR_ORG_TYPE[t].includes(role));
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}

const STATUS_TAG: Record<AccessRequest['status'], { label: string; colour: string }> = {
  pending: { label: 'Waiting for a decision', colour: 'nhsuk-tag--yellow' },
  approved: { label: 'Approved', colour: 'nhsuk-tag--green' },
  rejected: { label: 'Rejected', colour: 'nhsuk-tag--red' },
};

export function StatusTag({ status }: { status: AccessRequest['status'] }) {
  const tag = STATUS_TAG[status];
  return <strong className={`nhsuk-tag ${tag.colour}`}>{tag.label}</strong>;
}

/** Problem details from the API as form errors; `fields` maps API field names to input ids. */
export function toFormErrors(
  error: unknown,
  fields: Record<string, string> = {},
  fallback = 'Something went wrong. Try again.',
): FormError[] {
  if (error instanceof ApiError) {
    if (error.fieldErrors.length > 0) {
      return error.fieldErrors.map((e) => ({ field: fields[e.field] ?? undefined, message: e.message }));
    }
    if (error.status === 403)
      return [{ message: error.problem.detail ?? 'You do not have permission to do this' }];
    if (error.problem.detail && error.status < 500) return [{ message: error.problem.detail }];
  }
  return [{ message: fallback }];
}

export function roleAndOrg(r: { role: Role; orgName: string; orgType: string }): string {
  return `${roleLabel(r.role)} at ${r.orgName} (${orgTypeLabel(r.orgType)})`;
}

/**
 * Choose an organisation of a type: search the directory by name (or code), then pick one.
 * `idPrefix` keeps ids unique when two pickers share a page.
 */
export function OrganisationPicker({
  idPrefix,
  orgType,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  orgType: OrgType;
  value: string;
  onChange(orgId: string): void;
  error?: string;
}) {
  const api = useApi();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Organisation[] | undefined>(undefined);
  const [searchError, setSearchError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const search = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setSearchError(undefined);
    try {
      const page = await api.get<Page<Organisation>>('/organisations', {
        query: { type: orgType, q: q.trim(), limit: 20 },
      });
      setResults(page.items);
      if (page.items.length === 1 && page.items[0]) onChange(page.items[0].orgId);
    } catch (e) {
      setSearchError(toFormErrors(e)[0]?.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <TextInput
        id={`${idPrefix}-q`}
        label={`Find the ${orgTypeLabel(orgType).toLowerCase()}`}
        hint={
          orgType === 'care-home'
            ? 'Type the start of its name, or its CQC location ID, like 1-123456789'
            : 'Type the start of its name, or its code'
        }
        type="search"
        spellCheck={false}
        value={q}
        onChange={setQ}
        error={searchError}
      />
      <Button type="button" variant="secondary" disabled={busy} onClick={() => void search()}>
        {busy ? 'Searching…' : 'Search'}
      </Button>
      {results && results.length === 0 ? (
        <p>No organisations match. Check the spelling, or try fewer letters.</p>
      ) : null}
      {results && results.length > 0 ? (
        <Radios
          id={`${idPrefix}-org`}
          legend="Select the organisation"
          error={error}
          options={results.map((o) => ({
            value: o.orgId,
            label: o.name,
            hint: [o.code, o.providerName, o.localAuthority].filter(Boolean).join(' · '),
          }))}
          value={value}
          onChange={onChange}
        />
      ) : error ? (
        <p className="nhsuk-error-message" id={`${idPrefix}-org`}>
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}
