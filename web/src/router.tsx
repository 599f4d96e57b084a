import {
  createContext,
  type MouseEvent as ReactMouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

/**
 * A small History API router: enough for a route table, path parameters and query strings,
 * without another dependency. Plain `<a href="/path">` links anywhere in the app are
 * intercepted, so page code writes ordinary NHS link markup.
 */

export interface AppLocation {
  pathname: string;
  search: string;
  hash: string;
}

export interface NavigateOptions {
  replace?: boolean;
}

interface RouterValue {
  location: AppLocation;
  navigate(to: string, options?: NavigateOptions): void;
}

const RouterContext = createContext<RouterValue | undefined>(undefined);

function currentLocation(): AppLocation {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

/**
 * Set when the app itself changes page, so the new page moves focus to its heading (screen
 * reader and keyboard users then start at the new content); never set on the first load.
 */
let focusHeadingOnNextPage = false;

export function takePendingHeadingFocus(): boolean {
  const pending = focusHeadingOnNextPage;
  focusHeadingOnNextPage = false;
  return pending;
}

/** Only same-origin, absolute-path destinations: stops `?next=https://evil.example` redirects. */
export function safeInternalPath(candidate: string | null | undefined, fallback = '/'): string {
  if (typeof candidate !== 'string') return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\'))
    return fallback;
  return candidate;
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<AppLocation>(currentLocation);

  const navigate = useCallback((to: string, options: NavigateOptions = {}) => {
    const target = new URL(to, window.location.href);
    if (target.origin !== window.location.origin) {
      window.location.assign(target.href);
      return;
    }
    const href = `${target.pathname}${target.search}${target.hash}`;
    if (options.replace) window.history.replaceState(null, '', href);
    else window.history.pushState(null, '', href);
    focusHeadingOnNextPage = true;
    setLocation(currentLocation());
    if (!target.hash) window.scrollTo(0, 0);
  }, []);

  useEffect(() => {
    const onPopState = () => {
      focusHeadingOnNextPage = true;
      setLocation(currentLocation());
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest('a') : null;
      if (!anchor?.hasAttribute('href')) return;
      if (anchor.target && anchor.target !== '_self') return;
      if (anchor.hasAttribute('download') || anchor.dataset.native !== undefined) return;
      const rawHref = anchor.getAttribute('href') ?? '';
      // In-page links (skip link, error summary) keep the browser's own behaviour.
      if (rawHref.startsWith('#')) return;
      const target = new URL(anchor.href, window.location.href);
      if (target.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${target.pathname}${target.search}${target.hash}`);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);

  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter must be used inside <RouterProvider>');
  return value;
}

export function useLocation(): AppLocation {
  return useRouter().location;
}

export function useNavigate(): RouterValue['navigate'] {
  return useRouter().navigate;
}

export function useSearchParams(): URLSearchParams {
  const { search } = useLocation();
  return useMemo(() => new URLSearchParams(search), [search]);
}

/** Matches '/homes/:locationId' against '/homes/1-123'; returns the decoded parameters. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const normalise = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const patternParts = normalise(pattern).split('/');
  const pathParts = normalise(pathname).split('/');
  if (patternParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i++) {
    const expected = patternParts[i] ?? '';
    const actual = pathParts[i] ?? '';
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/** An ordinary link; the router intercepts the click. Exists for symmetry and typed props. */
export function Link({
  href,
  children,
  className,
  onClick,
}: {
  href: string;
  children: ReactNode;
  className?: string;
  onClick?: (event: ReactMouseEvent<HTMLAnchorElement>) => void;
}) {
  return (
    <a href={href} className={className} onClick={onClick}>
      {children}
    </a>
  );
}
