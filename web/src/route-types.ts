import type { ComponentType, LazyExoticComponent } from 'react';
import type { Role } from './roles';

/** Who may open a page: anyone, anyone signed in, or people holding one of the roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface AppRoute {
  /** '/homes/:locationId' style; parameters reach the page through useRouteParams(). */
  path: string;
  /** Page title ("<title> – Care Capacity Tracker") and breadcrumb label. */
  title: string;
  component: LazyExoticComponent<ComponentType> | ComponentType;
  access: Access;
  /** Show in the header navigation (and on the signed-in home page) to people who may open the page. */
  nav?: {
    label: string;
    description: string;
    /** Only these roles see the link (others who may open the page reach it from links, e.g. an email). */
    roles?: readonly Role[];
  };
  /** Path of the parent page: builds the breadcrumbs. Defaults to '/' for every page but Home. */
  parent?: string;
  /** Show a back link to this path instead of breadcrumbs (for steps of a transaction). */
  backLink?: string;
  /** Signed-in people opening this page are sent on (the sign-in page sends them to ?next=). */
  signedOutOnly?: boolean;
}
