import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useApi } from '../auth/AuthContext';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  SuccessBanner,
  TextInput,
} from '../components/forms';
import { usePageTitle } from '../components/page';
import { ScopeFields } from './suppliers/ScopeFields';
import SupplierDetailView from './suppliers/SupplierDetail';
import { SupplierStatus } from './suppliers/SupplierStatus';
import {
  parseIds,
  type Supplier,
  type SupplierSummary,
  scopeSummary,
  supplierFormErrors,
} from './suppliers/shared';

const CREATE_FIELDS = {
  supplierId: 'new-supplier-id',
  name: 'new-supplier-name',
  providerIds: 'new-supplier-providers',
  locationIds: 'new-supplier-homes',
};

/**
 * Admin: the bed-tracker platforms that push vacancies through the supplier API. List them,
 * register one with the providers and homes it may update, and open one to change its scope and
 * manage its API keys.
 */
export default function Suppliers() {
  const api = useApi();
  const [suppliers, setSuppliers] = useState<SupplierSummary[] | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [supplierId, setSupplierId] = useState('');
  const [name, setName] = useState('');
  const [providers, setProviders] = useState('');
  const [homes, setHomes] = useState('');
  usePageTitle(selected ? 'Supplier' : 'Suppliers', { error: errors.length > 0 });

  const load = useCallback(async () => {
    try {
      const res = await api.get<{ items: SupplierSummary[] }>('/admin/suppliers');
      setSuppliers(res.items);
    } catch (e) {
      setErrors(supplierFormErrors(e, {}));
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found: FormError[] = [];
    if (!supplierId.trim())
      found.push({ field: CREATE_FIELDS.supplierId, message: 'Enter an ID for the supplier' });
    if (!name.trim()) found.push({ field: CREATE_FIELDS.name, message: 'Enter the name of the supplier' });
    if (found.length) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<Supplier>('/admin/suppliers', {
        supplierId: supplierId.trim(),
        name: name.trim(),
        providerIds: parseIds(providers),
        locationIds: parseIds(homes),
      });
      setErrors([]);
      setSupplierId('');
      setName('');
      setProviders('');
      setHomes('');
      setDone(`${created.name} is registered. Issue an API key so it can send vacancies.`);
      setSelected(created.supplierId);
    } catch (e) {
      setErrors(supplierFormErrors(e, CREATE_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  if (selected) {
    return (
      <SupplierDetailView
        supplierId={selected}
        notice={done}
        onBack={() => {
          setSelected(undefined);
          setDone(undefined);
          setErrors([]);
          void load();
        }}
      />
    );
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        {done ? (
          <SuccessBanner>
            <p className="nhsuk-notification-banner__heading">{done}</p>
          </SuccessBanner>
        ) : null}
        <ErrorSummary errors={errors} />
        <h1>Suppliers</h1>
        <p className="nhsuk-lede-text">
          Other bed-tracker platforms that send care home vacancies through the supplier API, so no home
          enters its figures twice.
        </p>
        {suppliers === undefined ? <p>Loading suppliers…</p> : null}
        {suppliers && suppliers.length === 0 ? <p>No supplier platforms are registered yet.</p> : null}
        {suppliers && suppliers.length > 0 ? (
          <table className="nhsuk-table-responsive">
            <caption className="nhsuk-table__caption">Supplier platforms</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Name</th>
                <th scope="col">ID</th>
                <th scope="col">Status</th>
                <th scope="col">May update</th>
                <th scope="col">Live API keys</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {suppliers.map((s) => (
                <tr className="nhsuk-table__row" key={s.supplierId}>
                  <td className="nhsuk-table__cell nhsuk-u-text-break-word">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Name{' '}
                    </span>
                    <a
                      href={`/admin/suppliers?supplier=${encodeURIComponent(s.supplierId)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        setDone(undefined);
                        setErrors([]);
                        setSelected(s.supplierId);
                      }}
                    >
                      {s.name}
                    </a>
                  </td>
                  <td className="nhsuk-table__cell nhsuk-u-text-break-word">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      ID{' '}
                    </span>
                    {s.supplierId}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Status{' '}
                    </span>
                    <SupplierStatus status={s.status} />
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      May update{' '}
                    </span>
                    {scopeSummary(s)}
                  </td>
                  <td className="nhsuk-table__cell">
                    <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                      Live API keys{' '}
                    </span>
                    {s.activeKeys}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}

        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2 className="nhsuk-heading-m">Register a supplier</h2>
            <form onSubmit={(e) => void create(e)} noValidate>
              <TextInput
                id={CREATE_FIELDS.name}
                label="Name"
                hint="As the platform is known to care homes, for example Acme Bed Tracker"
                value={name}
                onChange={setName}
                error={errorFor(errors, CREATE_FIELDS.name)}
              />
              <TextInput
                id={CREATE_FIELDS.supplierId}
                label="Supplier ID"
                hint="2 to 40 lower-case letters, digits and hyphens. It cannot be changed, and shows in the history of every update the supplier sends, for example acme-beds"
                value={supplierId}
                onChange={setSupplierId}
                spellCheck={false}
                code
                width={20}
                error={errorFor(errors, CREATE_FIELDS.supplierId)}
              />
              <ScopeFields
                ids={CREATE_FIELDS}
                providers={providers}
                homes={homes}
                onProviders={setProviders}
                onHomes={setHomes}
                errors={errors}
                optional
                rows={3}
              />
              <Button disabled={busy}>Register supplier</Button>
            </form>
          </div>
        </div>
      </div>
    </div>
  );
}
