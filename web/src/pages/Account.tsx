import { useState } from 'react';
import { useAuth } from '../auth/AuthContext';
import { Button, ButtonLink, SuccessBanner } from '../components/forms';
import { usePageTitle } from '../components/page';
import { orgTypeLabel, roleLabel } from '../roles';
import { useSearchParams } from '../router';
import { MyAccessRequests } from './accounts/MyAccessRequests';
import { NotificationSettings } from './reminders/NotificationSettings';

export default function Account() {
  const { user, me, meError, reloadMe } = useAuth();
  const search = useSearchParams();
  const [reloading, setReloading] = useState(false);
  usePageTitle('My account');
  const passwordChanged = search.get('done') === 'password';

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {passwordChanged ? (
          <SuccessBanner>
            <p className="nhsuk-notification-banner__heading">Your password has been changed</p>
          </SuccessBanner>
        ) : null}
        <h1>My account</h1>

        <h2 className="nhsuk-heading-m">Your details</h2>
        <dl className="nhsuk-summary-list">
          {user?.name ? (
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Name</dt>
              <dd className="nhsuk-summary-list__value">{user.name}</dd>
            </div>
          ) : null}
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Email address</dt>
            <dd className="nhsuk-summary-list__value nhsuk-u-text-break-word" data-testid="account-email">
              {user?.email}
            </dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Roles</dt>
            <dd className="nhsuk-summary-list__value">
              {me && me.roles.length > 0 ? (
                <ul className="cct-plain-list">
                  {me.roles.map((role) => (
                    <li key={role}>{roleLabel(role)}</li>
                  ))}
                </ul>
              ) : me ? (
                'None yet'
              ) : (
                'Not known'
              )}
            </dd>
          </div>
        </dl>

        {meError ? (
          <div className="nhsuk-card nhsuk-card--warning">
            <div className="nhsuk-card__content">
              <h2 className="nhsuk-card__heading">Important</h2>
              <p className="nhsuk-card__description">We could not load your roles and organisations.</p>
              <Button
                type="button"
                variant="secondary"
                disabled={reloading}
                onClick={() => {
                  setReloading(true);
                  void reloadMe().finally(() => setReloading(false));
                }}
              >
                Try again
              </Button>
            </div>
          </div>
        ) : null}

        <h2 className="nhsuk-heading-m">Your organisations</h2>
        {me && me.memberships.length > 0 ? (
          <dl className="nhsuk-summary-list">
            {me.memberships.map((m) => (
              <div className="nhsuk-summary-list__row" key={`${m.orgId}:${m.role}`}>
                <dt className="nhsuk-summary-list__key nhsuk-u-text-break-word">{m.orgName}</dt>
                <dd className="nhsuk-summary-list__value">
                  {roleLabel(m.role)}
                  <br />
                  <span className="nhsuk-u-secondary-text-colour">{orgTypeLabel(m.orgType)}</span>
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <p>You do not belong to any organisation yet.</p>
        )}
        <p>
          <a href="/request-access">Ask to join an organisation</a>
        </p>

        <h2 className="nhsuk-heading-m">Your access requests</h2>
        <MyAccessRequests />

        <NotificationSettings />

        <h2 className="nhsuk-heading-m">Password</h2>
        <p>
          <a href="/account/change-password">Change your password</a>
        </p>

        <h2 className="nhsuk-heading-m">Sign out</h2>
        <p>Sign out when you have finished, especially on a shared computer.</p>
        <ButtonLink href="/sign-out" variant="secondary">
          Sign out
        </ButtonLink>
      </div>
    </div>
  );
}
