import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useApi } from '../../auth/AuthContext';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  SuccessBanner,
  Textarea,
} from '../../components/forms';
import { usePageTitle } from '../../components/page';
import { type AccessRequest, formatDateTime, type Page, roleAndOrg, toFormErrors } from './shared';

/** The approvals queue: pending requests the signed-in approver or admin may decide. */
export default function Approvals() {
  const api = useApi();
  const [queue, setQueue] = useState<AccessRequest[] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [rejecting, setRejecting] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  usePageTitle('Approvals', { error: errors.length > 0 });

  const load = useCallback(async () => {
    try {
      setQueue((await api.get<Page<AccessRequest>>('/access-requests')).items);
      setLoadError(undefined);
    } catch (e) {
      setLoadError(
        toFormErrors(e, {}, 'The approvals queue could not be loaded. Try again later.')[0]?.message,
      );
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (r: AccessRequest, decision: 'approve' | 'reject', why?: string) => {
    setBusy(true);
    try {
      await api.post(`/access-requests/${encodeURIComponent(r.requestId)}/decision`, {
        decision,
        ...(why ? { reason: why } : {}),
      });
      setDone(
        `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${r.email}, ${roleAndOrg(r)}. They have been emailed.`,
      );
      setErrors([]);
      setRejecting(undefined);
      setReason('');
      await load();
    } catch (e) {
      setErrors(toFormErrors(e, { reason: 'reject-reason' }));
      await load();
    } finally {
      setBusy(false);
    }
  };

  const submitReject = (r: AccessRequest) => (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setErrors([{ field: 'reject-reason', message: 'Enter a reason for rejecting the request' }]);
      return;
    }
    void decide(r, 'reject', reason.trim());
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
        <h1>Approvals</h1>
        <p className="nhsuk-lede-text">
          Requests from people who want to join organisations you approve for.
        </p>
        <p>Check that each person works for the organisation before you approve them.</p>
        {loadError ? <p>{loadError}</p> : null}
        {!queue && !loadError ? <p role="status">Loading requests…</p> : null}
        {queue && queue.length === 0 ? <p>There are no requests waiting for a decision.</p> : null}
        {queue?.map((r) => (
          <div className="nhsuk-card" key={r.requestId} data-testid="access-request">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading nhsuk-heading-s nhsuk-u-text-break-word">{r.email}</h2>
              <dl className="nhsuk-summary-list">
                <div className="nhsuk-summary-list__row">
                  <dt className="nhsuk-summary-list__key">Asks for</dt>
                  <dd className="nhsuk-summary-list__value">{roleAndOrg(r)}</dd>
                </div>
                <div className="nhsuk-summary-list__row">
                  <dt className="nhsuk-summary-list__key">Why</dt>
                  <dd className="nhsuk-summary-list__value">{r.reason ?? 'Not given'}</dd>
                </div>
                <div className="nhsuk-summary-list__row">
                  <dt className="nhsuk-summary-list__key">Asked</dt>
                  <dd className="nhsuk-summary-list__value">{formatDateTime(r.createdAt)}</dd>
                </div>
              </dl>
              {rejecting === r.requestId ? (
                <form onSubmit={submitReject(r)} noValidate>
                  <Textarea
                    id="reject-reason"
                    label="Why are you rejecting this request?"
                    hint="We will email this to the person who asked."
                    value={reason}
                    onChange={setReason}
                    error={errorFor(errors, 'reject-reason')}
                    rows={3}
                  />
                  <div className="nhsuk-button-group">
                    <Button variant="warning" disabled={busy}>
                      Reject request
                    </Button>
                    <Button type="button" variant="secondary" onClick={() => setRejecting(undefined)}>
                      Cancel
                    </Button>
                  </div>
                </form>
              ) : (
                <div className="nhsuk-button-group">
                  <Button type="button" disabled={busy} onClick={() => void decide(r, 'approve')}>
                    Approve
                  </Button>
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={busy}
                    onClick={() => {
                      setRejecting(r.requestId);
                      setReason('');
                      setErrors([]);
                    }}
                  >
                    Reject
                  </Button>
                </div>
              )}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
