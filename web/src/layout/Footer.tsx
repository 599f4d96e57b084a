export function Footer() {
  return (
    <footer className="nhsuk-footer">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <ul className="nhsuk-footer__list">
            <li className="nhsuk-footer__list-item">
              <a className="nhsuk-footer__list-item-link" href="/accessibility">
                Accessibility statement
              </a>
            </li>
            <li className="nhsuk-footer__list-item">
              <a className="nhsuk-footer__list-item-link" href="/cookies">
                Cookies
              </a>
            </li>
          </ul>
          <p className="nhsuk-body-s">
            All content is available under the Open Government Licence v3.0, except where otherwise stated.
          </p>
          <p className="nhsuk-body-s">© Crown copyright</p>
        </div>
      </div>
    </footer>
  );
}
