import type { ReactNode } from 'react';
import { alertsHomeSection } from '../alerts/AlertsSection';
import { bedStateHomeSection } from './BedStateSection';
import type { HomeDetail } from './model';

/**
 * The extension point of the home page: each section renders below the registry facts, in `order`.
 * Other features (bed state and its history, alerts) add an entry here instead of editing the page;
 * a section gets the loaded home and renders its own heading and data (and loads what it needs).
 */
export interface HomeSection {
  id: string;
  order: number;
  /** Whether to show the section for this home (e.g. only active homes take vacancies). */
  applies?(home: HomeDetail): boolean;
  /** Rendered inside <section aria-labelledby="<id>-heading">: give the section's heading that id. */
  render(home: HomeDetail): ReactNode;
}

export const homeSections: HomeSection[] = [bedStateHomeSection, alertsHomeSection];

export function sectionsFor(home: HomeDetail): HomeSection[] {
  return homeSections.filter((s) => s.applies?.(home) ?? true).sort((a, b) => a.order - b.order);
}
