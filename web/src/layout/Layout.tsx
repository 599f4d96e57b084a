import type { ReactNode } from 'react';
import { useAuth } from '../auth/AuthContext';
import { type AppRoute, findRoute } from '../routes';
import { Footer } from './Footer';
import { Header } from './Header';

function trail(route: AppRoute | undefined): Array<{ href: string; label: string }> {
  if (!route || route.path === '/') return [];
  const crumbs: Array<{ href: string; label: string }> = [];
  const seen = new Set<string>();
  let parentPath: string | undefined = route.parent ?? '/';
  while (parentPath !== undefined && !seen.has(parentPath)) {
    seen.add(parentPath);
    const parent = findRoute(parentPath);
    if (!parent) break;
    crumbs.unshift({ href: parent.path, label: parent.title });
    parentPath = parent.path === '/' ? undefined : (parent.parent ?? '/');
  }
  return crumbs;
}

export function Breadcrumbs({ items }: { items: Array<{ href: string; label: string }> }) {
  const last = items[items.length - 1];
  if (!last) return null;
  return (
    <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
      <ol className="nhsuk-breadcrumb__list">
        {items.map((item) => (
          <li className="nhsuk-breadcrumb__list-item" key={item.href}>
            <a className="nhsuk-breadcrumb__link" href={item.href}>
              {item.label}
            </a>
          </li>
        ))}
      </ol>
      <a className="nhsuk-back-link" href={last.href}>
        <span className="nhsuk-u-visually-hidden">Back to </span>
        {last.label}
      </a>
    </nav>
  );
}

export function BackLink({ href, children = 'Back' }: { href: string; children?: ReactNode }) {
  return (
    <a className="nhsuk-back-link" href={href}>
      {children}
    </a>
  );
}

function StageBanner() {
  const { config } = useAuth();
  if (config.stage === 'prod') return null;
  return (
    <div className="cct-stage-banner">
      <div className="nhsuk-width-container">
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          <strong className="nhsuk-tag nhsuk-tag--yellow">{config.localMode ? 'Local' : config.stage}</strong>{' '}
          {config.localMode
            ? 'This copy of the service runs on this computer with demonstration data.'
            : 'This is a test environment. Do not enter real personal information.'}
        </p>
      </div>
    </div>
  );
}

/** The page frame every route shares: skip link, header, breadcrumbs or back link, main, footer. */
export function Layout({ route, children }: { route: AppRoute | undefined; children: ReactNode }) {
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <Header />
      <StageBanner />
      <div className="nhsuk-width-container">
        {route?.backLink ? (
          <div className="nhsuk-u-margin-top-4">
            <BackLink href={route.backLink} />
          </div>
        ) : (
          <Breadcrumbs items={trail(route)} />
        )}
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}
