import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../../auth/AuthContext';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  Radios,
  SuccessBanner,
  TextInput,
} from '../../components/forms';
import { ScopeFields } from './ScopeFields';
import { SupplierStatus } from './SupplierStatus';
import {
  formatWhen,
  type IssuedKey,
  idsText,
  parseIds,
  type Supplier,
  type SupplierDetail,
  type SupplierKey,
  supplierFormErrors,
} from './shared';

const SCOPE_FIELDS = {
  name: 'supplier-name',
  status: 'supplier-status',
  providerIds: 'supplier-providers',
  locationIds: 'supplier-homes',
};
const KEY_FIELDS = { label: 'key-label' };

/** One supplier: its scope (name, status, providers, homes) and its API keys. */
export default function SupplierDetailView({
  supplierId,
  notice,
  onBack,
}: {
  supplierId: string;
  notice?: string | undefined;
  onBack(): void;
}) {
  const api = useApi();
  const path = `/admin/suppliers/${encodeURIComponent(supplierId)}`;
  const [supplier, setSupplier] = useState<SupplierDetail | undefined>(undefined);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<Supplier['status']>('active');
  const [providers, setProviders] = useState('');
  const [homes, setHomes] = useState('');
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<IssuedKey | undefined>(undefined);
  const [confirming, setConfirming] = useState<SupplierKey | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const s = await api.get<SupplierDetail>(path);
      setSupplier(s);
      setName(s.name);
      setStatus(s.status);
      setProviders(idsText(s.providerIds));
      setHomes(idsText(s.locationIds));
    } catch (e) {
      setErrors(supplierFormErrors(e, {}));
    }
  }, [api, path]);

  useEffect(() => {
    void load();
  }, [load]);

  // Opening a supplier replaces the list in place: move focus to its heading so the change is announced.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = supplier !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus({ preventScroll: true });
  }, [loaded]);

  useEffect(() => {
    document.title = `${errors.length ? 'Error: ' : ''}${supplier?.name ?? 'Supplier'} – Suppliers – Care Capacity Tracker`;
  }, [supplier?.name, errors.length]);

  const saveScope = async (event: FormEvent) => {
    event.preventDefault();
    if (!supplier) return;
    if (!name.trim()) {
      setErrors([{ field: SCOPE_FIELDS.name, message: 'Enter the name of the supplier' }]);
      return;
    }
    setBusy(true);
    try {
      const saved = await api.put<Supplier>(path, {
        name: name.trim(),
        status,
        providerIds: parseIds(providers),
        locationIds: parseIds(homes),
        version: supplier.version,
      });
      setErrors([]);
      setIssued(undefined);
      await load();
      setDone(
        saved.status === 'disabled'
          ? `${saved.name} is saved and disabled: its API keys are refused from the next request`
          : `${saved.name} is saved`,
      );
    } catch (e) {
      setErrors(supplierFormErrors(e, SCOPE_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const issueKey = async (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) {
      setErrors([{ field: KEY_FIELDS.label, message: 'Enter a label that says where the key is used' }]);
      return;
    }
    setBusy(true);
    try {
      const key = await api.post<IssuedKey>(`${path}/keys`, { label: label.trim() });
      setErrors([]);
      setDone(undefined);
      setLabel('');
      setIssued(key);
      await load();
    } catch (e) {
      setErrors(supplierFormErrors(e, KEY_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: SupplierKey) => {
    setBusy(true);
    try {
      await api.delete(`${path}/keys/${encodeURIComponent(key.keyId)}`);
      setErrors([]);
      setConfirming(undefined);
      await load();
      setDone(`The key “${key.label}” is revoked: requests that use it are refused from now on`);
    } catch (e) {
      setErrors(supplierFormErrors(e, {}));
    } finally {
      setBusy(false);
    }
  };

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
            className="nhsuk-back-link"
            href="/admin/suppliers"
            onClick={(e) => {
              e.preventDefault();
              onBack();
            }}
          >
            Back to suppliers
          </a>
        </p>
        {supplier === undefined ? (
          <p>Loading the supplier…</p>
        ) : (
          <>
            <h1 className="nhsuk-u-text-break-word" ref={heading} tabIndex={-1}>
              {supplier.name}
            </h1>
            <dl className="nhsuk-summary-list">
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Supplier ID</dt>
                <dd className="nhsuk-summary-list__value">
                  <code>{supplier.supplierId}</code>
                </dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Status</dt>
                <dd className="nhsuk-summary-list__value">
                  <SupplierStatus status={supplier.status} />
                </dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Registered</dt>
                <dd className="nhsuk-summary-list__value">{formatWhen(supplier.createdAt)}</dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Last changed</dt>
                <dd className="nhsuk-summary-list__value">{formatWhen(supplier.updatedAt)}</dd>
              </div>
            </dl>

            {issued ? <IssuedKeyCallout issued={issued} onDone={() => setIssued(undefined)} /> : null}

            <h2 className="nhsuk-heading-m">API keys</h2>
            {supplier.keys.length === 0 ? <p>No keys have been issued.</p> : null}
            {supplier.keys.length > 0 ? (
              <KeysTable keys={supplier.keys} busy={busy} onRevoke={(k) => setConfirming(k)} />
            ) : null}

            {confirming ? (
              <div className="nhsuk-warning-callout">
                <h3 className="nhsuk-warning-callout__label">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  Revoke the key “{confirming.label}”?
                </h3>
                <p>
                  {supplier.name} will get 401 Unauthorized on every request that uses key{' '}
                  <code>{confirming.keyId}</code>, from the next request. This cannot be undone: to restore
                  access, issue a new key.
                </p>
                <div className="nhsuk-button-group">
                  <Button
                    type="button"
                    variant="warning"
                    disabled={busy}
                    onClick={() => void revoke(confirming)}
                  >
                    Yes, revoke this key
                  </Button>
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={busy}
                    onClick={() => setConfirming(undefined)}
                  >
                    Cancel
                  </Button>
                </div>
              </div>
            ) : null}

            <form onSubmit={(e) => void issueKey(e)} noValidate>
              <h3 className="nhsuk-heading-s">Issue a new key</h3>
              <TextInput
                id={KEY_FIELDS.label}
                label="Label"
                hint="Where the key is used, so you know which one to revoke, for example Production servers"
                value={label}
                onChange={setLabel}
                error={errorFor(errors, KEY_FIELDS.label)}
              />
              <Button disabled={busy}>Issue key</Button>
            </form>

            <h2 className="nhsuk-heading-m">Name, status and homes</h2>
            <form onSubmit={(e) => void saveScope(e)} noValidate>
              <TextInput
                id={SCOPE_FIELDS.name}
                label="Name"
                value={name}
                onChange={setName}
                error={errorFor(errors, SCOPE_FIELDS.name)}
              />
              <Radios
                id={SCOPE_FIELDS.status}
                legend="Status"
                options={[
                  { value: 'active', label: 'Active', hint: 'Its keys work for the homes below' },
                  { value: 'disabled', label: 'Disabled', hint: 'Every request with its keys gets 401' },
                ]}
                value={status}
                onChange={(v) => setStatus(v === 'disabled' ? 'disabled' : 'active')}
                error={errorFor(errors, SCOPE_FIELDS.status)}
              />
              <ScopeFields
                ids={SCOPE_FIELDS}
                providers={providers}
                homes={homes}
                onProviders={setProviders}
                onHomes={setHomes}
                errors={errors}
                rows={4}
              />
              <Button disabled={busy}>Save changes</Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}

function KeysTable({
  keys,
  busy,
  onRevoke,
}: {
  keys: SupplierKey[];
  busy: boolean;
  onRevoke(key: SupplierKey): void;
}) {
  return (
    <table className="nhsuk-table-responsive">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">API keys</caption>
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Key ID</th>
          <th scope="col">Issued</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {keys.map((k) => (
          <tr className="nhsuk-table__row" key={k.keyId}>
            <td className="nhsuk-table__cell nhsuk-u-text-break-word">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Label{' '}
              </span>
              {k.label}
            </td>
            <td className="nhsuk-table__cell">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Key ID{' '}
              </span>
              <code>{k.keyId}</code>
            </td>
            <td className="nhsuk-table__cell">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Issued{' '}
              </span>
              {formatWhen(k.createdAt)}
            </td>
            <td className="nhsuk-table__cell">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Last used{' '}
              </span>
              {formatWhen(k.lastUsedAt)}
            </td>
            <td className="nhsuk-table__cell">
              <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                Status{' '}
              </span>
              {k.revokedAt ? (
                <>Revoked {formatWhen(k.revokedAt)}</>
              ) : (
                <Button type="button" variant="secondary" disabled={busy} onClick={() => onRevoke(k)}>
                  Revoke<span className="nhsuk-u-visually-hidden"> the key {k.label}</span>
                </Button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The new key, shown this once: selectable, copyable, with the warning that it will not be shown again. */
function IssuedKeyCallout({ issued, onDone }: { issued: IssuedKey; onDone(): void }) {
  const inputId = useId();
  const [copied, setCopied] = useState<string>('');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.key);
      setCopied('The key is copied to your clipboard');
    } catch {
      const input = document.getElementById(inputId);
      if (input instanceof HTMLInputElement) input.select();
      setCopied('Your browser did not allow copying: the key is selected, copy it with Ctrl+C or Cmd+C');
    }
  };

  return (
    <div className="nhsuk-warning-callout" role="alert">
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>
        Copy the new key now
      </h2>
      <p>
        This is the only time the key “{issued.label}” is shown. We keep only a fingerprint of it, so it
        cannot be shown again. Give it to the supplier through a secure channel; if it is lost, issue a new
        key and revoke this one.
      </p>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor={inputId}>
          API key (send it in the <code>x-api-key</code> header)
        </label>
        <input
          className="nhsuk-input nhsuk-input--code"
          id={inputId}
          type="text"
          readOnly
          value={issued.key}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.target.select()}
        />
      </div>
      <p role="status" className="nhsuk-body-s">
        {copied}
      </p>
      <div className="nhsuk-button-group">
        <Button type="button" onClick={() => void copy()}>
          Copy key
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          I have stored the key
        </Button>
      </div>
    </div>
  );
}
