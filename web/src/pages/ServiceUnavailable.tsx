/**
 * Shown when the app cannot start (its runtime settings did not load). Rendered without the
 * router or sign-in, so it depends on nothing but the stylesheet.
 */
export function ServiceUnavailable() {
  document.title = 'Sorry, there is a problem with the service – Care Capacity Tracker';
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <header className="nhsuk-header">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <span className="nhsuk-header__service-name">Care Capacity Tracker</span>
          </div>
        </div>
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <h1>Sorry, there is a problem with the service</h1>
              <p>Try again later.</p>
              <p>
                If you were updating your care home's vacancies, nothing has been lost: your last saved update
                is still shown to discharge teams.
              </p>
            </div>
          </div>
        </main>
      </div>
    </>
  );
}
