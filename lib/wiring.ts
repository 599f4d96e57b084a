import {
  authorizers,
  cognitoTriggers,
  type FunctionDef,
  type FunctionName,
  functions,
  type RouteAuth,
  type RouteDef,
  routes,
  type ScheduleDef,
  schedules,
  type TriggerDef,
  triggers,
} from '../shared/wiring/definitions';
import type { Settings } from './settings';

/**
 * What the stacks build from: shared/wiring/definitions.ts. The stacks take it as a prop only so
 * tests can wire a trigger or a schedule before definitions.ts has one; the app passes WIRING.
 */
export interface Wiring {
  functions: Record<FunctionName, FunctionDef>;
  routes: readonly RouteDef[];
  triggers: readonly TriggerDef[];
  schedules: readonly ScheduleDef[];
  /** Request (Lambda) authorizers by route auth kind. */
  authorizers: Partial<Record<RouteAuth, FunctionDef>>;
  /** Cognito user pool trigger (UserPoolOperation name, e.g. postConfirmation) -> function. */
  cognitoTriggers: Readonly<Record<string, FunctionName>>;
}

export const WIRING: Wiring = { functions, routes, triggers, schedules, authorizers, cognitoTriggers };

export function functionEntries(wiring: Wiring): [FunctionName, FunctionDef][] {
  return Object.entries(wiring.functions) as [FunctionName, FunctionDef][];
}

/**
 * Physical Lambda name. Deterministic so the user pool (a stateful stack deployed first) can name
 * its trigger functions by ARN without depending on the stack that creates them.
 */
export function lambdaName(settings: Settings, name: string): string {
  const full = `${settings.prefix}-${name}`;
  if (full.length > 64)
    throw new Error(`Lambda name ${full} is longer than 64 characters; shorten "${name}"`);
  return full;
}
