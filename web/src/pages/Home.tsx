import { useAuth } from '../auth/AuthContext';
import { ButtonLink } from '../components/forms';
import { usePageTitle } from '../components/page';
import { navigationFor } from '../routes';

function SignedOutHome() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Care Capacity Tracker</h1>
        <p className="nhsuk-lede-text">
          See which care homes in England have a bed available today, and keep your own care home's vacancies
          up to date.
        </p>
        <p>Use this service if you:</p>
        <ul>
          <li>work in a care home and update its vacancies, prices and services</li>
          <li>work in a hospital discharge or brokerage team and need to find a care home bed</li>
          <li>work for a local authority or commissioner and need to see care home capacity in your area</li>
        </ul>
        <p>
          Care homes should update their vacancies as soon as anything changes, and at least every 48 hours.
        </p>
        <ButtonLink href="/sign-in">Sign in</ButtonLink>
        <p>
          If you do not have an account, <a href="/register">create an account</a>.
        </p>
        <h2>Before you start</h2>
        <p>
          You need an email address you can get to now. We will send a code to it to check it is yours. After
          you create your account you can ask to join your care home, trust or council.
        </p>
      </div>
    </div>
  );
}

function SignedInHome() {
  const { me, user, meError } = useAuth();
  const items = navigationFor(true, me?.roles ?? []);
  return (
    <>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Care Capacity Tracker</h1>
          <p className="nhsuk-lede-text">You are signed in as {user?.email}.</p>
          {meError ? (
            <div className="nhsuk-card nhsuk-card--warning">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-card__heading">Important</h2>
                <p className="nhsuk-card__description">
                  We could not load your roles and organisations, so some links may be missing. Try again
                  later.
                </p>
              </div>
            </div>
          ) : null}
        </div>
      </div>
      <h2 className="nhsuk-u-visually-hidden">What you can do</h2>
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {items.map((item) => (
          <li className="nhsuk-grid-column-one-third nhsuk-card-group__item" key={item.href}>
            <div className="nhsuk-card nhsuk-card--clickable">
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading nhsuk-heading-s">
                  <a className="nhsuk-card__link" href={item.href}>
                    {item.label}
                  </a>
                </h3>
                <p className="nhsuk-card__description">{item.description}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export default function Home() {
  const { status } = useAuth();
  usePageTitle('Home');
  return status === 'signed-in' ? <SignedInHome /> : <SignedOutHome />;
}
