import { useEffect, useState } from 'react';
import { useApi } from '../../auth/AuthContext';
import { type AccessRequest, formatDateTime, roleAndOrg, StatusTag } from './shared';

/** The signed-in person's access requests, newest first (for My account and Request access). */
export function MyAccessRequests() {
  const api = useApi();
  const [requests, setRequests] = useState<AccessRequest[] | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ items: AccessRequest[] }>('/access-requests/mine', { signal: controller.signal })
      .then((page) => setRequests(page.items))
      .catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError')) setFailed(true);
      });
    return () => controller.abort();
  }, [api]);

  if (failed) return <p>Your requests could not be loaded. Try again later.</p>;
  if (!requests) return <p role="status">Loading your requests…</p>;
  if (requests.length === 0) return <p>You have not asked for access yet.</p>;
  return (
    <dl className="nhsuk-summary-list" data-testid="my-access-requests">
      {requests.map((r) => (
        <div className="nhsuk-summary-list__row" key={r.requestId}>
          <dt className="nhsuk-summary-list__key nhsuk-u-text-break-word">{roleAndOrg(r)}</dt>
          <dd className="nhsuk-summary-list__value">
            <StatusTag status={r.status} />
            <br />
            <span className="nhsuk-u-secondary-text-colour">Asked {formatDateTime(r.createdAt)}</span>
            {r.status === 'rejected' && r.decisionReason ? (
              <>
                <br />
                Reason: {r.decisionReason}
              </>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
