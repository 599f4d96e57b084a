import { createContext, type ReactNode, useContext, useEffect } from 'react';
import type { AppRoute } from '../route-types';
import { takePendingHeadingFocus } from '../router';
import { clearChunkReloadGuard } from './PageErrorBoundary';

export const SERVICE_NAME = 'Care Capacity Tracker';

export interface CurrentRoute {
  route: AppRoute;
  params: Record<string, string>;
}

export const CurrentRouteContext = createContext<CurrentRoute | undefined>(undefined);

/** The matched route entry and its path parameters (e.g. { locationId } for '/homes/:locationId'). */
export function useCurrentRoute(): CurrentRoute | undefined {
  return useContext(CurrentRouteContext);
}

export function useRouteParams(): Record<string, string> {
  return useCurrentRoute()?.params ?? {};
}

/**
 * Sets the document title ("Error: " first while the page shows errors, as the NHS pattern
 * asks) and, after an in-app navigation, moves focus to the page's h1 so the change of page is
 * announced. Every page calls it once; the title defaults to the route table's.
 */
export function usePageTitle(title?: string, options: { error?: boolean } = {}): void {
  const current = useCurrentRoute();
  const text = title ?? current?.route.title ?? SERVICE_NAME;
  const error = options.error === true;

  useEffect(() => {
    document.title = `${error ? 'Error: ' : ''}${text} – ${SERVICE_NAME}`;
  }, [text, error]);

  useEffect(() => {
    clearChunkReloadGuard();
    if (!takePendingHeadingFocus()) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }, []);
}

/** Two-thirds column, the NHS default for forms and text. */
export function TwoThirds({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}
