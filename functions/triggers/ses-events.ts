import { recordSesEventsNow } from '../../shared/app/reminders/container';

/** SNS subscription to the SES configuration set's bounce and complaint events. */
export const handler = async (event: unknown) => recordSesEventsNow(event);
