import { Component, type ErrorInfo, type ReactNode } from 'react';

const RELOADED_KEY = 'cct.reloadedAfterChunkError';

/** A page's code could not be downloaded: usually a new version was released since this tab loaded. */
function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Failed to fetch/i.test(
    message,
  );
}

interface State {
  error?: unknown;
}

/**
 * Keeps one broken page from blanking the whole app: the header, footer and navigation stay,
 * and the person gets the NHS "there is a problem" page. When a page's code is missing after a
 * release, the tab reloads itself once to pick up the new version.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (isChunkLoadError(error)) {
      const here = window.location.pathname;
      let reloadedAlready = false;
      try {
        reloadedAlready = sessionStorage.getItem(RELOADED_KEY) === here;
        sessionStorage.setItem(RELOADED_KEY, here);
      } catch {
        reloadedAlready = true; // Without storage we cannot tell, so never risk a reload loop.
      }
      if (!reloadedAlready) {
        window.location.reload();
        return;
      }
    }
    document.title = 'Sorry, there is a problem with the service – Care Capacity Tracker';
    console.error('A page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Sorry, there is a problem with the service</h1>
          <p>This page could not be shown. Try again, or go back to the home page.</p>
          <button className="nhsuk-button" type="button" onClick={() => window.location.reload()}>
            Try again
          </button>
          <p>
            <a href="/">Go to the home page</a>
          </p>
        </div>
      </div>
    );
  }
}

/** Clears the one-reload guard once a page has rendered, so a later release can reload again. */
export function clearChunkReloadGuard(): void {
  try {
    sessionStorage.removeItem(RELOADED_KEY);
  } catch {
    // Storage unavailable: nothing to clear.
  }
}
