import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useApi } from '../../auth/AuthContext';
import { Button, ErrorSummary, errorFor, type FormError, TextInput } from '../../components/forms';
import { usePageTitle } from '../../components/page';
import { roleLabel } from '../../roles';
import { toFormErrors } from './shared';

interface AuditEvent {
  at: string;
  action: string;
  source: string;
  actorEmail?: string;
  targetEmail?: string;
  orgId?: string;
  role?: string;
  detail?: string;
  sourceIp?: string;
}

const SOURCE_LABEL: Record<string, string> = {
  api: 'Service',
  cognito: 'Sign-in service',
  'client-reported': 'Reported by browser (unverified)',
  seed: 'Demo data',
};

/** Admin: the accounts audit trail for one day, newest first. */
export default function Audit() {
  const api = useApi();
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [events, setEvents] = useState<AuditEvent[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  usePageTitle('Audit trail', { error: errors.length > 0 });

  const load = useCallback(
    async (day: string, after?: string) => {
      setBusy(true);
      try {
        const page = await api.get<{ items: AuditEvent[]; cursor?: string }>('/admin/audit', {
          query: { date: day, limit: 100, cursor: after },
        });
        setEvents((previous) => (after ? [...(previous ?? []), ...page.items] : page.items));
        setCursor(page.cursor);
        setErrors([]);
      } catch (e) {
        setErrors(toFormErrors(e, { date: 'audit-date' }));
      } finally {
        setBusy(false);
      }
    },
    [api],
  );

  useEffect(() => {
    void load(new Date().toISOString().slice(0, 10));
  }, [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setErrors([{ field: 'audit-date', message: 'Enter a date like 2026-11-23' }]);
      return;
    }
    void load(date);
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <ErrorSummary errors={errors} />
        <h1>Audit trail</h1>
        <p>Sign-ins, access requests and decisions, role changes and account changes, by day (UTC).</p>
        <form onSubmit={submit} noValidate>
          <TextInput
            id="audit-date"
            label="Day"
            hint="For example, 2026-11-23"
            value={date}
            onChange={setDate}
            error={errorFor(errors, 'audit-date')}
            width={10}
          />
          <Button disabled={busy}>Show</Button>
        </form>
        {events && events.length === 0 ? <p>Nothing was recorded that day.</p> : null}
        {events && events.length > 0 ? (
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption">Events, newest first</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">About</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {events.map((e) => (
                <tr
                  className="nhsuk-table__row"
                  key={`${e.at}-${e.action}-${e.actorEmail ?? ''}-${e.targetEmail ?? ''}`}
                >
                  <td className="nhsuk-table__cell">{e.at.slice(11, 19)}</td>
                  <td className="nhsuk-table__cell">
                    {e.action}
                    {e.detail ? <div className="nhsuk-u-secondary-text-colour">{e.detail}</div> : null}
                  </td>
                  <td className="nhsuk-table__cell nhsuk-u-text-break-word">{e.actorEmail ?? '—'}</td>
                  <td className="nhsuk-table__cell nhsuk-u-text-break-word">
                    {[e.targetEmail, e.role ? roleLabel(e.role) : undefined, e.orgId]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </td>
                  <td className="nhsuk-table__cell">
                    {SOURCE_LABEL[e.source] ?? e.source}
                    {e.sourceIp ? <div className="nhsuk-u-secondary-text-colour">{e.sourceIp}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {cursor ? (
          <Button type="button" variant="secondary" disabled={busy} onClick={() => void load(date, cursor)}>
            Show more
          </Button>
        ) : null}
      </div>
    </div>
  );
}
