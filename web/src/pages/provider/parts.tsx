import { useEffect, useState } from 'react';
import { type FreshnessBadge, freshness } from '../../../../shared/domain/vacancy/freshness';
import {
  FUNDING_SOURCES,
  NOT_AVAILABLE_REASONS,
  SHORT_STAY_SERVICES,
  VACANCY_TYPES,
} from '../../../../shared/domain/vacancy/vocabulary';
import { useApi } from '../../auth/AuthContext';
import type { FieldChange, HistoryEvent } from './model';
import { providerApi } from './model';

/** The current time, moving on every minute, so "updated 3 minutes ago" stays true while a page is open. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const BADGE_CLASS: Record<FreshnessBadge, string> = {
  fresh: 'nhsuk-tag--green',
  recent: 'nhsuk-tag--yellow',
  stale: 'nhsuk-tag--red',
  never: 'nhsuk-tag--grey',
};

/** "updated 3 hours ago" as an NHS tag, coloured by age (under 24 h, under 48 h, older, never). */
export function FreshnessTag({ updatedAt, now }: { updatedAt: string | null; now: Date }) {
  const f = freshness(updatedAt, now);
  const label = f.label.charAt(0).toUpperCase() + f.label.slice(1);
  return (
    <strong className={`nhsuk-tag ${BADGE_CLASS[f.badge]}`}>
      {updatedAt ? <time dateTime={updatedAt}>{label}</time> : label}
    </strong>
  );
}

export function AdmissionTag({ status, label }: { status: string; label: string }) {
  return (
    <strong className={`nhsuk-tag ${status === 'accepting' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>
      {label}
    </strong>
  );
}

export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const vacancyLabels: Record<string, string> = Object.fromEntries(VACANCY_TYPES.map((t) => [t.code, t.label]));
const codeLabels: Record<string, string> = Object.fromEntries(
  [...SHORT_STAY_SERVICES, ...VACANCY_TYPES, ...NOT_AVAILABLE_REASONS, ...FUNDING_SOURCES].map((t) => [
    t.code,
    t.label,
  ]),
);

export function vacancyTypeName(code: string): string {
  return vacancyLabels[code] ?? code;
}

const FIELD_NAMES: Record<string, string> = {
  weeklyPriceFrom: 'weekly price from',
  maximumCapacity: 'maximum capacity',
  occupied: 'occupied',
  vacantReserved: 'vacant reserved',
  vacantAccepting: 'vacant accepting admissions',
  vacantNotAvailable: 'vacant not available',
  notAvailableReason: 'reason not available',
  flexible: 'flexible price',
  shortStayServices: 'short stay services',
  shortStayNone: 'short stay services not provided',
  vacancyTypes: 'long term vacancy types',
  languages: 'languages',
  notes: 'notes',
  fundingSources: 'funding sources',
  contracts: 'contracts',
  outOfHoursAdmissions: 'out-of-hours admissions',
};

function show(field: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (field === 'weeklyPriceFrom' && typeof value === 'number') return pounds.format(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'none' : value.map((v) => codeLabels[String(v)] ?? String(v)).join(', ');
  if (typeof value === 'object') {
    return (
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v === true)
        .map(([k]) => (k === 'localAuthority' ? 'local authority' : k === 'subIcb' ? 'sub-ICB' : k))
        .join(' and ') || 'none'
    );
  }
  return codeLabels[String(value)] ?? String(value);
}

function changeText(change: FieldChange): string {
  return `${FIELD_NAMES[change.field] ?? change.field} ${show(change.field, change.before)} → ${show(change.field, change.after)}`;
}

const SOURCE_NAMES: Record<string, string> = { web: 'on the website', bulk: 'by bulk upload' };
export function sourceName(source: string | null): string {
  if (!source) return '';
  return SOURCE_NAMES[source] ?? `from ${source.replace(/^supplier:/, '')}`;
}

/** What an event did, in a sentence or two. */
export function describeEvent(event: HistoryEvent): string[] {
  switch (event.kind) {
    case 'bed-state-confirmed':
      return ['Confirmed nothing has changed'];
    case 'bed-state-updated': {
      const lines = (event.bedChanges?.vacancyTypes ?? []).map((t) => {
        const name = vacancyTypeName(t.vacancyType);
        if (t.kind === 'added') return `${name}: figures entered`;
        if (t.kind === 'removed') return `${name}: removed`;
        return `${name}: ${t.fields.map(changeText).join('; ')}`;
      });
      const ooh = event.bedChanges?.outOfHoursAdmissions;
      if (ooh) {
        lines.push(
          ooh.before === null
            ? `Out-of-hours admissions: ${show('', ooh.after)}`
            : `Out-of-hours admissions ${show('', ooh.before)} → ${show('', ooh.after)}`,
        );
      }
      return lines.length > 0 ? lines : ['Vacancies updated'];
    }
    case 'services-updated': {
      const lines = (event.servicesChanges?.fields ?? []).map(
        (c) =>
          `Services offered: ${c.before === null ? `${FIELD_NAMES[c.field] ?? c.field} set to ${show(c.field, c.after)}` : changeText(c)}`,
      );
      return lines.length > 0 ? lines : ['Services offered updated'];
    }
    default:
      return ['Updated'];
  }
}

/**
 * A home's history, newest first, a page at a time: who, when, from where, what changed. Also
 * meant for the home's detail page.
 */
export function HistoryList({
  locationId,
  refreshKey,
  pageSize = 5,
  headingLevel = 2,
}: {
  locationId: string;
  /** Change it to reload from the newest (after a save). */
  refreshKey?: unknown;
  pageSize?: number;
  headingLevel?: 2 | 3;
}) {
  const api = useApi();
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey exists to trigger a reload
  useEffect(() => {
    const controller = new AbortController();
    setStatus('loading');
    providerApi.history(api, locationId, { limit: pageSize, signal: controller.signal }).then(
      (page) => {
        setEvents(page.events);
        setCursor(page.cursor);
        setStatus('ready');
      },
      () => {
        if (!controller.signal.aborted) setStatus('error');
      },
    );
    return () => controller.abort();
  }, [api, locationId, pageSize, refreshKey]);

  const more = async () => {
    if (!cursor) return;
    try {
      const page = await providerApi.history(api, locationId, { limit: pageSize, cursor });
      setEvents((previous) => [...previous, ...page.events]);
      setCursor(page.cursor);
    } catch {
      setStatus('error');
    }
  };

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`history-${locationId}`}>
      <Heading className="nhsuk-heading-m" id={`history-${locationId}`}>
        Recent changes
      </Heading>
      {status === 'loading' && events.length === 0 ? <p className="nhsuk-body">Loading changes…</p> : null}
      {status === 'error' ? (
        <p className="nhsuk-body">The list of changes could not be loaded. Try again later.</p>
      ) : null}
      {status === 'ready' && events.length === 0 ? <p className="nhsuk-body">No changes yet.</p> : null}
      {events.length > 0 ? (
        <ul className="nhsuk-list cct-history">
          {events.map((event) => (
            <li key={event.id} className="cct-history__item">
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                <time dateTime={event.at}>{formatWhen(event.at)}</time>
                {event.actor ? ` by ${event.actor.email}` : ''} {sourceName(event.source)}
              </p>
              <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                {describeEvent(event).map((line) => (
                  <li key={line} className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                    {line}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {cursor ? (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={more}
        >
          Show older changes
        </button>
      ) : null}
    </section>
  );
}
