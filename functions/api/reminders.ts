import { confirmLinkNow } from '../../shared/app/reminders/container';
import { createHttpApi } from '../../shared/http/handler';
import { reminderRoutes } from '../../shared/http/routes/reminders';
import { principalStore } from '../../shared/infra/accounts-repository';
import { remindersStore } from '../../shared/infra/reminders-repository';

export const handler = createHttpApi(
  reminderRoutes({ confirm: confirmLinkNow, store: remindersStore, principals: principalStore }),
);
