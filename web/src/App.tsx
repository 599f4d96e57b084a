import { type ReactNode, Suspense, useEffect } from 'react';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { PageErrorBoundary } from './components/PageErrorBoundary';
import { CurrentRouteContext, TwoThirds } from './components/page';
import type { AppConfig } from './config';
import { Layout } from './layout/Layout';
import { Forbidden } from './pages/Forbidden';
import { NotFound } from './pages/NotFound';
import { matchPath, RouterProvider, safeInternalPath, useLocation, useNavigate } from './router';
import { type AppRoute, canAccess, routes } from './routes';

function Loading({ what }: { what: string }) {
  return (
    <TwoThirds>
      <p className="nhsuk-body" role="status">
        {what}
      </p>
    </TwoThirds>
  );
}

function RedirectTo({ to }: { to: string }) {
  const navigate = useNavigate();
  useEffect(() => {
    navigate(to, { replace: true });
  }, [navigate, to]);
  return <Loading what="Loading…" />;
}

function match(pathname: string): { route: AppRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

function Routed() {
  const { status, me } = useAuth();
  const location = useLocation();
  const found = match(location.pathname);

  let content: ReactNode;
  if (!found) {
    content = <NotFound />;
  } else {
    const { route } = found;
    const signedIn = status === 'signed-in';
    const here = `${location.pathname}${location.search}`;
    if (route.access !== 'public' && status === 'loading') {
      content = <Loading what="Checking your sign-in…" />;
    } else if (route.access !== 'public' && !signedIn) {
      content = <RedirectTo to={`/sign-in?next=${encodeURIComponent(here)}`} />;
    } else if (route.signedOutOnly && signedIn) {
      content = <RedirectTo to={safeInternalPath(new URLSearchParams(location.search).get('next'))} />;
    } else if (!canAccess(route.access, signedIn, me?.roles ?? [])) {
      content = <Forbidden />;
    } else {
      const Page = route.component;
      content = (
        <PageErrorBoundary key={location.pathname}>
          <Suspense fallback={<Loading what="Loading…" />}>
            <Page />
          </Suspense>
        </PageErrorBoundary>
      );
    }
  }

  return (
    <CurrentRouteContext.Provider value={found}>
      <Layout route={found?.route}>{content}</Layout>
    </CurrentRouteContext.Provider>
  );
}

export function App({ config }: { config: AppConfig }) {
  return (
    <RouterProvider>
      <AuthProvider config={config}>
        <Routed />
      </AuthProvider>
    </RouterProvider>
  );
}
