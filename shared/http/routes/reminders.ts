import { z } from 'zod';
import type { PrincipalStore } from '../../app/principal';
import { requirePrincipal } from '../../app/principal';
import type { ConfirmLinkResult } from '../../app/reminders/confirm';
import type { RemindersStore } from '../../app/reminders/ports';
import { MAX_TOKEN_LENGTH } from '../../domain/reminders';
import { freshness } from '../../domain/vacancy';
import type { RouteHandler } from '../handler';
import { ProblemError } from '../problem';

/**
 * The one-click "nothing has changed" link (public: the signed token is the credential) and the
 * caller's own email settings (reminders and digests on or off).
 */
export interface ReminderRouteDeps {
  confirm(token: string): Promise<ConfirmLinkResult>;
  store(): RemindersStore;
  principals(): PrincipalStore;
  now?: () => Date;
}

const confirmBody = z.strictObject({
  token: z
    .string({ error: 'token is required: the code at the end of the link in the email' })
    .min(1, 'token is required: the code at the end of the link in the email')
    .max(MAX_TOKEN_LENGTH, `token is longer than ${MAX_TOKEN_LENGTH} characters: it is not a link we sent`),
});

const preferencesBody = z.strictObject({
  reminders: z.boolean({ error: 'reminders must be true or false' }),
  digests: z.boolean({ error: 'digests must be true or false' }),
});

/** Problem codes the confirm page reads to explain what happened. */
function refused(result: Exclude<ConfirmLinkResult, { kind: 'confirmed' }>): ProblemError {
  switch (result.kind) {
    case 'invalid':
      return new ProblemError(
        400,
        'Link not valid',
        'This link is not one we sent, or it has been changed',
        [
          {
            field: 'token',
            rule: 'link-invalid',
            message: 'token: this link is not one we sent, or it has been changed',
          },
        ],
        { code: 'link-invalid' },
      );
    case 'expired':
      return new ProblemError(
        410,
        'Link expired',
        'This link has expired: links work for 72 hours',
        [
          {
            field: 'token',
            rule: 'link-expired',
            message: 'token: the link has expired (links work for 72 hours)',
          },
        ],
        { code: 'link-expired' },
      );
    case 'used':
      return new ProblemError(
        409,
        'Link already used',
        'This link has already been used: each link works once',
        [
          {
            field: 'token',
            rule: 'link-used',
            message: 'token: the link has already been used (each link works once)',
          },
        ],
        { code: 'link-used' },
      );
    case 'forbidden':
      return new ProblemError(
        403,
        'Forbidden',
        'The person this link was sent to can no longer update this care home',
        undefined,
        { code: 'link-forbidden' },
      );
    case 'not-found':
      return new ProblemError(404, 'Not found', 'The care home in this link is not known', undefined, {
        code: 'link-home-not-found',
      });
    case 'rejected':
      return new ProblemError(422, 'Cannot confirm', result.message, undefined, { code: 'link-rejected' });
    default: {
      const never: never = result;
      return never;
    }
  }
}

export function reminderRoutes(deps: ReminderRouteDeps): Record<string, RouteHandler> {
  const now = deps.now ?? (() => new Date());
  return {
    'POST /api/reminders/confirm': async (req) => {
      const { token } = req.json(confirmBody, 8 * 1024);
      const result = await deps.confirm(token);
      if (result.kind !== 'confirmed') throw refused(result);
      return {
        body: {
          status: 'confirmed',
          locationId: result.locationId,
          homeName: result.homeName,
          updatedAt: result.view.updatedAt,
          freshness: freshness(result.view.updatedAt, now()),
          admissionStatus: result.view.admissionStatus,
        },
      };
    },
    'GET /api/me/notifications': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      const prefs = await deps.store().getPreferences(principal.sub);
      return { body: prefs };
    },
    'PUT /api/me/notifications': async (req) => {
      const principal = await requirePrincipal(req, deps.principals());
      const body = req.json(preferencesBody, 4 * 1024);
      const prefs = { ...body, updatedAt: now().toISOString() };
      await deps.store().putPreferences(principal.sub, prefs);
      return { body: prefs };
    },
  };
}
