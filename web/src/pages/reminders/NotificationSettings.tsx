import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { Button, SuccessBanner } from '../../components/forms';

/**
 * "Email settings" on the account page: the nightly reminders (care home staff) and the daily
 * digest of homes not updating (commissioners, LA officers) can each be turned off. Reminder
 * emails link here (#notifications).
 */
interface Preferences {
  reminders: boolean;
  digests: boolean;
}

export function NotificationSettings() {
  const api = useApi();
  const [prefs, setPrefs] = useState<Preferences | undefined>(undefined);
  const [loadError, setLoadError] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api
      .get<Preferences>('/me/notifications')
      .then((p) => live && setPrefs({ reminders: p.reminders, digests: p.digests }))
      .catch(() => live && setLoadError(true));
    return () => {
      live = false;
    };
  }, [api]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!prefs || saving) return;
    setSaving(true);
    setSaved(false);
    setSaveError(undefined);
    try {
      await api.put('/me/notifications', prefs);
      setSaved(true);
    } catch (error) {
      setSaveError(error instanceof ApiError ? error.message : 'Your email settings could not be saved');
    } finally {
      setSaving(false);
    }
  };

  return (
    <section id="notifications" aria-labelledby="notifications-heading">
      <h2 className="nhsuk-heading-m" id="notifications-heading">
        Email settings
      </h2>
      {loadError ? <p>We could not load your email settings. Try again later.</p> : null}
      {saved ? (
        <SuccessBanner>
          <p className="nhsuk-notification-banner__heading">Your email settings have been saved</p>
        </SuccessBanner>
      ) : null}
      {saveError ? (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="nhsuk-error-summary__title">There is a problem</h2>
          <div className="nhsuk-error-summary__body">
            <p>{saveError}</p>
          </div>
        </div>
      ) : null}
      {prefs ? (
        <form onSubmit={submit} noValidate>
          <div className="nhsuk-form-group">
            <fieldset className="nhsuk-fieldset" aria-describedby="notifications-hint">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Emails we send you</legend>
              <div className="nhsuk-hint" id="notifications-hint">
                Untick an email to stop it.
              </div>
              <div className="nhsuk-checkboxes">
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id="pref-reminders"
                    type="checkbox"
                    checked={prefs.reminders}
                    onChange={(e) => setPrefs({ ...prefs, reminders: e.target.checked })}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="pref-reminders">
                    Reminders to update care home vacancies (sent in the evening when a home has not updated
                    for 48 hours)
                  </label>
                </div>
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id="pref-digests"
                    type="checkbox"
                    checked={prefs.digests}
                    onChange={(e) => setPrefs({ ...prefs, digests: e.target.checked })}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="pref-digests">
                    Daily list of care homes in your area that are not updating (commissioners and local
                    authority officers)
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
          <Button variant="secondary" disabled={saving}>
            Save email settings
          </Button>
        </form>
      ) : loadError ? null : (
        <p>Loading your email settings…</p>
      )}
    </section>
  );
}
