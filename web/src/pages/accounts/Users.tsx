import { type FormEvent, useCallback, useState } from 'react';
import { ROLES_FOR_ORG_TYPE } from '../../../../shared/domain/authz';
import { ORG_TYPES } from '../../../../shared/domain/roles';
import { useApi } from '../../auth/AuthContext';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  Radios,
  SuccessBanner,
  Textarea,
  TextInput,
} from '../../components/forms';
import { usePageTitle } from '../../components/page';
import { type OrgType, orgTypeLabel, type Role, roleLabel } from '../../roles';
import {
  type AccessRequest,
  formatDateTime,
  OrganisationPicker,
  type Page,
  roleAndOrg,
  StatusTag,
  toFormErrors,
} from './shared';

interface MembershipRow {
  orgId: string;
  orgType: OrgType;
  orgName: string;
  role: Role;
  grantedAt: string;
  grantedByEmail: string;
}

interface UserRow {
  sub: string;
  email: string;
  name?: string;
  disabled: boolean;
  disabledReason?: string;
  createdAt: string;
  version: number;
  memberships: MembershipRow[];
  requests?: AccessRequest[];
}

/** Admin: find users by email; disable or enable them; grant and remove their roles. */
export default function Users() {
  const api = useApi();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<UserRow[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<UserRow | undefined>(undefined);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [statusReason, setStatusReason] = useState('');
  const [grantType, setGrantType] = useState<OrgType | ''>('');
  const [grantOrg, setGrantOrg] = useState('');
  const [grantRole, setGrantRole] = useState<Role | ''>('');
  usePageTitle(selected ? selected.email : 'Users', { error: errors.length > 0 });

  const search = async (event?: FormEvent, after?: string) => {
    event?.preventDefault();
    setBusy(true);
    try {
      const page = await api.get<Page<UserRow>>('/admin/users', {
        query: { q: q.trim(), limit: 25, cursor: after },
      });
      setResults(after ? [...(results ?? []), ...page.items] : page.items);
      setCursor(page.cursor);
      setErrors([]);
    } catch (e) {
      setErrors(toFormErrors(e, { q: 'user-q' }));
    } finally {
      setBusy(false);
    }
  };

  const open = useCallback(
    async (sub: string) => {
      try {
        setSelected(await api.get<UserRow>(`/admin/users/${encodeURIComponent(sub)}`));
        setErrors([]);
        setStatusReason('');
        setGrantType('');
        setGrantOrg('');
        setGrantRole('');
      } catch (e) {
        setErrors(toFormErrors(e));
      }
    },
    [api],
  );

  const act = async (work: () => Promise<unknown>, message: string, fields: Record<string, string> = {}) => {
    if (!selected) return;
    setBusy(true);
    try {
      await work();
      setDone(message);
      await open(selected.sub);
    } catch (e) {
      setErrors(toFormErrors(e, fields));
    } finally {
      setBusy(false);
    }
  };

  const setStatus = (disabled: boolean) => (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    void act(
      () =>
        api.put(`/admin/users/${encodeURIComponent(selected.sub)}/status`, {
          disabled,
          version: selected.version,
          ...(statusReason.trim() ? { reason: statusReason.trim() } : {}),
        }),
      `${selected.email} is ${disabled ? 'disabled: they are signed out of the service at once' : 'enabled again'}`,
      { reason: 'status-reason' },
    );
  };

  const grant = (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    const found: FormError[] = [];
    if (!grantType) found.push({ field: 'grant-type', message: 'Select the kind of organisation' });
    else if (!grantOrg) found.push({ field: 'grant-q', message: 'Find and select the organisation' });
    if (!grantRole) found.push({ field: 'grant-role', message: 'Select the role' });
    if (found.length) {
      setErrors(found);
      return;
    }
    void act(
      () =>
        api.post(`/admin/users/${encodeURIComponent(selected.sub)}/memberships`, {
          orgId: grantOrg,
          role: grantRole,
        }),
      `${selected.email} now has the role ${roleLabel(grantRole)}`,
      { orgId: 'grant-q', role: 'grant-role' },
    );
  };

  const remove = (m: MembershipRow) => {
    if (!selected) return;
    void act(
      () =>
        api.delete(
          `/admin/users/${encodeURIComponent(selected.sub)}/memberships/${encodeURIComponent(m.orgId)}/${encodeURIComponent(m.role)}`,
        ),
      `Removed: ${roleAndOrg(m)}`,
    );
  };

  if (selected) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {done ? (
            <SuccessBanner>
              <p className="nhsuk-notification-banner__heading">{done}</p>
            </SuccessBanner>
          ) : null}
          <ErrorSummary errors={errors} />
          <p>
            <a
              href="/admin/users"
              onClick={(e) => {
                e.preventDefault();
                setSelected(undefined);
                setDone(undefined);
                setErrors([]);
              }}
            >
              Back to users
            </a>
          </p>
          <h1 className="nhsuk-u-text-break-word">{selected.email}</h1>
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Status</dt>
              <dd className="nhsuk-summary-list__value">
                {selected.disabled
                  ? `Disabled${selected.disabledReason ? `: ${selected.disabledReason}` : ''}`
                  : 'Active'}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Account created</dt>
              <dd className="nhsuk-summary-list__value">{formatDateTime(selected.createdAt)}</dd>
            </div>
          </dl>

          <h2 className="nhsuk-heading-m">Roles</h2>
          {selected.memberships.length === 0 ? <p>None.</p> : null}
          <dl className="nhsuk-summary-list">
            {selected.memberships.map((m) => (
              <div className="nhsuk-summary-list__row" key={`${m.orgId}#${m.role}`}>
                <dt className="nhsuk-summary-list__key nhsuk-u-text-break-word">{roleAndOrg(m)}</dt>
                <dd className="nhsuk-summary-list__value">
                  Granted {formatDateTime(m.grantedAt)} by {m.grantedByEmail}
                </dd>
                <dd className="nhsuk-summary-list__actions">
                  <Button type="button" variant="secondary" disabled={busy} onClick={() => remove(m)}>
                    Remove<span className="nhsuk-u-visually-hidden"> {roleAndOrg(m)}</span>
                  </Button>
                </dd>
              </div>
            ))}
          </dl>

          <form onSubmit={grant} noValidate>
            <h3 className="nhsuk-heading-s">Give a role</h3>
            <Radios
              id="grant-type"
              legend="Kind of organisation"
              options={ORG_TYPES.map((t) => ({ value: t, label: orgTypeLabel(t) }))}
              value={grantType}
              onChange={(t) => {
                setGrantType(t as OrgType);
                setGrantOrg('');
                setGrantRole('');
              }}
              error={errorFor(errors, 'grant-type')}
            />
            {grantType ? (
              <>
                <OrganisationPicker
                  key={grantType}
                  idPrefix="grant"
                  orgType={grantType}
                  value={grantOrg}
                  onChange={setGrantOrg}
                  error={errorFor(errors, 'grant-q')}
                />
                <Radios
                  id="grant-role"
                  legend="Role"
                  options={ROLES_FOR_ORG_TYPE[grantType].map((r) => ({ value: r, label: roleLabel(r) }))}
                  value={grantRole}
                  onChange={(r) => setGrantRole(r as Role)}
                  error={errorFor(errors, 'grant-role')}
                />
              </>
            ) : null}
            <Button disabled={busy}>Give role</Button>
          </form>

          <h2 className="nhsuk-heading-m">{selected.disabled ? 'Enable account' : 'Disable account'}</h2>
          <form onSubmit={setStatus(!selected.disabled)} noValidate>
            <Textarea
              id="status-reason"
              label={selected.disabled ? 'Note (optional)' : 'Why are you disabling this account?'}
              value={statusReason}
              onChange={setStatusReason}
              error={errorFor(errors, 'status-reason')}
              rows={2}
            />
            <Button variant={selected.disabled ? undefined : 'warning'} disabled={busy}>
              {selected.disabled ? 'Enable account' : 'Disable account'}
            </Button>
          </form>

          {selected.requests && selected.requests.length > 0 ? (
            <>
              <h2 className="nhsuk-heading-m">Access requests</h2>
              <dl className="nhsuk-summary-list">
                {selected.requests.map((r) => (
                  <div className="nhsuk-summary-list__row" key={r.requestId}>
                    <dt className="nhsuk-summary-list__key">{roleAndOrg(r)}</dt>
                    <dd className="nhsuk-summary-list__value">
                      <StatusTag status={r.status} /> {formatDateTime(r.createdAt)}
                    </dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
        </div>
      </div>
    );
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <ErrorSummary errors={errors} />
        <h1>Users</h1>
        <form onSubmit={(e) => void search(e)} noValidate>
          <TextInput
            id="user-q"
            label="Email address"
            hint="Type the start of the email address, or leave empty to list everyone"
            type="search"
            spellCheck={false}
            value={q}
            onChange={setQ}
            error={errorFor(errors, 'user-q')}
            width={30}
          />
          <Button disabled={busy}>Search</Button>
        </form>
        {results && results.length === 0 ? <p>No users match.</p> : null}
        {results && results.length > 0 ? (
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption">Users</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {results.map((u) => (
                <tr className="nhsuk-table__row" key={u.sub}>
                  <td className="nhsuk-table__cell nhsuk-u-text-break-word">
                    <a
                      href={`/admin/users?sub=${encodeURIComponent(u.sub)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        setDone(undefined);
                        void open(u.sub);
                      }}
                    >
                      {u.email}
                    </a>
                  </td>
                  <td className="nhsuk-table__cell">
                    {u.memberships.length ? u.memberships.map((m) => roleAndOrg(m)).join('; ') : 'None'}
                  </td>
                  <td className="nhsuk-table__cell">{u.disabled ? 'Disabled' : 'Active'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {cursor ? (
          <Button
            type="button"
            variant="secondary"
            disabled={busy}
            onClick={() => void search(undefined, cursor)}
          >
            Show more
          </Button>
        ) : null}
        <p>
          <a href="/admin/audit">See the audit trail</a>
        </p>
      </div>
    </div>
  );
}
