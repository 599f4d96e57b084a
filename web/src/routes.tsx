import { lazy } from 'react';
import type { Role } from './roles';
import type { Access, AppRoute } from './route-types';

/**
 * Every page of the app, in one table. To add a page: write `web/src/pages/<Name>.tsx` with a
 * default-exported component that calls `usePageTitle()`, then add one entry here. The entry
 * decides the URL, who may open it, the breadcrumb trail (via `parent`) and whether (and for
 * whom) it appears in the header navigation. Order here is the order of the navigation.
 */

export type { Access, AppRoute } from './route-types';

const CARE_HOME_ROLES = ['care-home-staff', 'provider-approver'] as const satisfies readonly Role[];
const FINDER_ROLES = ['discharge', 'la-officer', 'commissioner', 'admin'] as const satisfies readonly Role[];

export const routes: readonly AppRoute[] = [
  { path: '/', title: 'Home', component: lazy(() => import('./pages/Home')), access: 'public' },

  // Role-specific work, in navigation order.
  {
    path: '/care-homes',
    title: 'My care homes',
    component: lazy(() => import('./pages/provider/MyCareHomes')),
    access: CARE_HOME_ROLES,
    nav: {
      label: 'My care homes',
      description: 'Update vacancies, prices and services for the care homes you work for.',
    },
  },
  // Provider update and services offered of one home (issue 5); admins may update any home.
  {
    path: '/care-homes/:locationId/vacancies',
    title: 'Update vacancies',
    component: lazy(() => import('./pages/provider/ProviderUpdate')),
    access: [...CARE_HOME_ROLES, 'admin'],
    parent: '/care-homes',
  },
  {
    path: '/care-homes/:locationId/services',
    title: 'Services offered',
    component: lazy(() => import('./pages/provider/ServicesOffered')),
    access: [...CARE_HOME_ROLES, 'admin'],
    parent: '/care-homes',
  },
  {
    path: '/bulk-update',
    title: 'Bulk update',
    component: lazy(() => import('./pages/BulkUpdate')),
    // Staff and admins may use it too (the API allows them; the result email links here); the
    // navigation offers it to provider approvers, who update many homes.
    access: ['provider-approver', 'care-home-staff', 'admin'],
    nav: {
      label: 'Bulk update',
      description: 'Update 5 or more care homes at once with the bulk update spreadsheet.',
      roles: ['provider-approver'],
    },
  },
  {
    path: '/find-vacancies',
    title: 'Find care home vacancies',
    component: lazy(() => import('./pages/search/FindVacanciesPage')),
    access: FINDER_ROLES,
    nav: {
      label: 'Find vacancies',
      description: 'Search for care homes with a bed available, by postcode, local authority or sub-ICB.',
    },
  },
  // The care home register from CQC data (issue 3).
  {
    path: '/homes',
    title: 'Care homes',
    component: lazy(() => import('./pages/homes/HomesList')),
    access: 'signed-in',
    nav: {
      label: 'Care homes',
      description: 'Look up any care home in England: CQC rating, registered beds, area.',
    },
  },
  {
    path: '/homes/:locationId',
    title: 'Care home',
    component: lazy(() => import('./pages/homes/HomeDetail')),
    access: 'signed-in',
    parent: '/homes',
  },
  {
    path: '/not-updating',
    title: 'Care homes not updating',
    component: lazy(() => import('./pages/NotUpdating')),
    access: ['la-officer', 'commissioner'],
    nav: {
      label: 'Not updating',
      description: 'See which care homes in your area have not updated their vacancies in the last 48 hours.',
    },
  },
  {
    path: '/dashboard',
    title: 'Capacity dashboard',
    component: lazy(() => import('./pages/CapacityDashboard')),
    access: ['commissioner', 'admin'],
    nav: {
      label: 'Capacity dashboard',
      description: 'Bed availability by region, ICB, sub-ICB and local authority, over time.',
    },
  },
  {
    path: '/approvals',
    title: 'Approvals',
    component: lazy(() => import('./pages/accounts/Approvals')),
    access: ['provider-approver', 'admin'],
    nav: {
      label: 'Approvals',
      description: 'Approve or decline requests from people to join your organisations.',
    },
  },
  {
    path: '/admin/users',
    title: 'Users',
    component: lazy(() => import('./pages/accounts/Users')),
    access: ['admin'],
    nav: { label: 'Users', description: 'Find people who use the service and change what they can do.' },
  },
  {
    path: '/admin/audit',
    title: 'Audit trail',
    component: lazy(() => import('./pages/accounts/Audit')),
    access: ['admin'],
    parent: '/admin/users',
  },
  {
    path: '/admin/suppliers',
    title: 'Suppliers',
    component: lazy(() => import('./pages/Suppliers')),
    access: ['admin'],
    nav: {
      label: 'Suppliers',
      description: 'Manage the bed-tracker platforms that send vacancies through the supplier API.',
    },
  },

  // Everyone signed in.
  {
    path: '/account',
    title: 'My account',
    component: lazy(() => import('./pages/Account')),
    access: 'signed-in',
    nav: { label: 'My account', description: 'Your details, roles and organisations. Change your password.' },
  },
  {
    path: '/request-access',
    title: 'Request access',
    component: lazy(() => import('./pages/accounts/RequestAccess')),
    access: 'signed-in',
    nav: {
      label: 'Request access',
      description: 'Ask to join a care home, provider, trust, council or other organisation.',
    },
  },
  {
    path: '/account/change-password',
    title: 'Change your password',
    component: lazy(() => import('./pages/ChangePassword')),
    access: 'signed-in',
    parent: '/account',
    backLink: '/account',
  },

  // Accounts.
  {
    path: '/sign-in',
    title: 'Sign in',
    component: lazy(() => import('./pages/SignIn')),
    access: 'public',
    signedOutOnly: true,
  },
  {
    path: '/register',
    title: 'Create an account',
    component: lazy(() => import('./pages/Register')),
    access: 'public',
  },
  {
    path: '/verify-email',
    title: 'Confirm your email address',
    component: lazy(() => import('./pages/VerifyEmail')),
    access: 'public',
    backLink: '/register',
  },
  {
    path: '/forgot-password',
    title: 'Reset your password',
    component: lazy(() => import('./pages/ForgotPassword')),
    access: 'public',
    backLink: '/sign-in',
  },
  {
    path: '/sign-out',
    title: 'You have signed out',
    component: lazy(() => import('./pages/SignOut')),
    access: 'public',
  },

  // One-click "nothing has changed" from a reminder email: the signed token is the credential.
  {
    path: '/confirm/:token',
    title: 'Confirm nothing has changed',
    component: lazy(() => import('./pages/reminders/ConfirmNoChange')),
    access: 'public',
  },

  // Service information (footer).
  {
    path: '/accessibility',
    title: 'Accessibility statement',
    component: lazy(() => import('./pages/Accessibility')),
    access: 'public',
  },
  { path: '/cookies', title: 'Cookies', component: lazy(() => import('./pages/Cookies')), access: 'public' },
];

export function canAccess(access: Access, signedIn: boolean, roles: readonly Role[]): boolean {
  if (access === 'public') return true;
  if (!signedIn) return false;
  if (access === 'signed-in') return true;
  return roles.some((role) => access.includes(role));
}

/** The header navigation for a person: the routes with `nav` that they may open, in table order. */
export function navigationFor(
  signedIn: boolean,
  roles: readonly Role[],
): Array<{ href: string; label: string; description: string }> {
  if (!signedIn) return [];
  const items: Array<{ href: string; label: string; description: string }> = [];
  for (const route of routes) {
    const navRoles = route.nav?.roles;
    if (navRoles && !roles.some((role) => navRoles.includes(role))) continue;
    if (route.nav && route.access !== 'public' && canAccess(route.access, signedIn, roles)) {
      items.push({ href: route.path, label: route.nav.label, description: route.nav.description });
    }
  }
  return items;
}

export function findRoute(path: string): AppRoute | undefined {
  return routes.find((route) => route.path === path);
}
