import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { SuccessBanner } from '../../components/forms';
import { TwoThirds, usePageTitle, useRouteParams } from '../../components/page';

/**
 * The one-click "nothing has changed" link from a reminder email. Opening it posts the token once;
 * the server checks signature, expiry and single use, and that the person it was sent to may still
 * update the home. Every refusal gets a plain explanation and a way forward, never an error dump.
 */
interface Confirmed {
  locationId: string;
  homeName: string;
  updatedAt: string;
  freshness: { label: string };
}

type State =
  | { kind: 'working' }
  | { kind: 'confirmed'; result: Confirmed }
  | { kind: 'refused'; code: string; detail?: string };

const REFUSALS: Record<string, { title: string; body: string }> = {
  'link-used': {
    title: 'This link has already been used',
    body: 'Each "nothing has changed" link works once. Your earlier confirmation still counts.',
  },
  'link-expired': {
    title: 'This link has expired',
    body: '"Nothing has changed" links work for 72 hours after the reminder is sent.',
  },
  'link-invalid': {
    title: 'This link does not work',
    body: 'The link is not one we sent, or part of it is missing. Check you copied the whole link from the email.',
  },
  'link-forbidden': {
    title: 'You cannot update this care home',
    body: 'The account this link was sent to can no longer update this care home.',
  },
  'link-home-not-found': {
    title: 'We could not find this care home',
    body: 'The care home in this link is no longer on the service.',
  },
};

export default function ConfirmNoChange() {
  const api = useApi();
  const { token = '' } = useRouteParams();
  const [state, setState] = useState<State>({ kind: 'working' });
  const sent = useRef(false);
  const title =
    state.kind === 'confirmed'
      ? 'Nothing has changed: confirmed'
      : state.kind === 'refused'
        ? (REFUSALS[state.code]?.title ?? 'Sorry, we could not confirm your vacancies')
        : 'Confirming nothing has changed';
  usePageTitle(title, { error: state.kind === 'refused' });

  useEffect(() => {
    // Once only: the link is single use, so a second post would be refused as "already used".
    if (sent.current) return;
    sent.current = true;
    api
      .post<Confirmed>('/reminders/confirm', { token })
      .then((result) => setState({ kind: 'confirmed', result }))
      .catch((error: unknown) => {
        if (error instanceof ApiError) {
          const code = typeof error.problem.code === 'string' ? error.problem.code : 'unknown';
          setState({ kind: 'refused', code, detail: error.problem.detail });
        } else {
          setState({ kind: 'refused', code: 'unknown' });
        }
      });
  }, [api, token]);

  if (state.kind === 'working') {
    return (
      <TwoThirds>
        <h1>Confirming nothing has changed</h1>
        <p role="status">Please wait…</p>
      </TwoThirds>
    );
  }

  if (state.kind === 'confirmed') {
    const { result } = state;
    return (
      <TwoThirds>
        <SuccessBanner>
          <p className="nhsuk-notification-banner__heading">Your vacancies are confirmed</p>
        </SuccessBanner>
        <h1>Nothing has changed: confirmed</h1>
        <p>
          Thank you. The vacancies for <strong>{result.homeName}</strong> are confirmed as they were.
        </p>
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Care home</dt>
            <dd className="nhsuk-summary-list__value">{result.homeName}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Vacancies</dt>
            <dd className="nhsuk-summary-list__value" data-testid="confirm-freshness">
              <strong className="nhsuk-tag nhsuk-tag--green">{capitalise(result.freshness.label)}</strong>
            </dd>
          </div>
        </dl>
        <p>
          If something has changed after all,{' '}
          <a href={`/care-homes/${encodeURIComponent(result.locationId)}/vacancies`}>update the vacancies</a>.
        </p>
      </TwoThirds>
    );
  }

  const refusal = REFUSALS[state.code];
  return (
    <TwoThirds>
      <h1>{refusal?.title ?? 'Sorry, we could not confirm your vacancies'}</h1>
      <p>{refusal?.body ?? state.detail ?? 'Please try again later.'}</p>
      <p>
        You can still <a href="/care-homes">sign in and update or confirm your vacancies</a>.
      </p>
    </TwoThirds>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
