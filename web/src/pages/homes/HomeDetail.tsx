import { type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../../api';
import { useApi } from '../../auth/AuthContext';
import { usePageTitle, useRouteParams } from '../../components/page';
import { NotFound } from '../NotFound';
import { archiveReasonLabel, formatDate, type HomeDetail as Home, homesApi } from './model';
import { sectionsFor } from './sections';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

const notKnown = 'Not known';

function List({ items }: { items: string[] }) {
  if (items.length === 0) return <>{notKnown}</>;
  return (
    <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}

const areaText = (a: { code?: string; name?: string } | undefined) =>
  a ? [a.name, a.code ? `(${a.code})` : undefined].filter(Boolean).join(' ') : notKnown;

const LOCATED_BY: Record<string, string> = {
  record: 'from CQC',
  postcode: 'from its postcode',
  outcode: 'approximate: centre of its postcode district',
};

/**
 * One care home's CQC registry facts: who runs it, the CQC rating and registered beds, what it
 * provides, and its geography. Sections other features register in ./sections.tsx follow.
 */
export default function HomeDetail() {
  const { locationId = '' } = useRouteParams();
  const api = useApi();
  const [home, setHome] = useState<Home | undefined>();
  const [missing, setMissing] = useState(false);
  const [failed, setFailed] = useState(false);
  usePageTitle(home?.name ?? 'Care home');

  useEffect(() => {
    const controller = new AbortController();
    setHome(undefined);
    setMissing(false);
    setFailed(false);
    homesApi.get(api, locationId, controller.signal).then(setHome, (error: unknown) => {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.status === 404) setMissing(true);
      else setFailed(true);
    });
    return () => controller.abort();
  }, [api, locationId]);

  if (missing) return <NotFound />;
  if (failed) return <p className="nhsuk-body">This care home could not be loaded. Try again later.</p>;
  if (!home) {
    return (
      <p className="nhsuk-body" role="status">
        Loading care home…
      </p>
    );
  }

  const rating = home.overallRating
    ? `${home.overallRating}${home.ratingDate ? ` (published ${formatDate(home.ratingDate)})` : ''}`
    : notKnown;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <span className="nhsuk-caption-l">{home.providerName ?? home.providerId}</span>
        <h1>{home.name}</h1>
        {home.status === 'archived' ? (
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span>
                <span className="nhsuk-u-visually-hidden">Important: </span>
                {archiveReasonLabel(home.archivedReason)}
              </span>
            </h2>
            <p>
              This care home is no longer listed in searches
              {home.archivedAt ? ` (since ${formatDate(home.archivedAt)})` : ''}. Its history is kept.
            </p>
          </div>
        ) : null}

        <h2 className="nhsuk-heading-m">CQC registration</h2>
        <dl className="nhsuk-summary-list" data-testid="home-registry">
          <Row label="CQC location ID">
            <a href={`https://www.cqc.org.uk/location/${encodeURIComponent(home.locationId)}`} data-native="">
              {home.locationId}
              <span className="nhsuk-u-visually-hidden"> (opens the CQC website)</span>
            </a>
          </Row>
          <Row label="Provider">{`${home.providerName ?? notKnown} (${home.providerId})`}</Row>
          {home.brand ? <Row label="Brand">{home.brand}</Row> : null}
          <Row label="CQC overall rating">{rating}</Row>
          <Row label="Registered beds">{home.registeredBeds ?? notKnown}</Row>
          <Row label="Registration">
            {home.registrationStatus === 'registered'
              ? `Registered${home.registrationDate ? ` since ${formatDate(home.registrationDate)}` : ''}`
              : `${home.registrationStatus[0]?.toUpperCase() ?? ''}${home.registrationStatus.slice(1)}${home.deregistrationDate ? ` on ${formatDate(home.deregistrationDate)}` : ''}`}
          </Row>
          <Row label="Service types">
            <List items={home.serviceTypes} />
          </Row>
          <Row label="Specialisms and service users">
            <List items={home.specialisms} />
          </Row>
          <Row label="Regulated activities">
            <List items={home.regulatedActivities} />
          </Row>
        </dl>

        <h2 className="nhsuk-heading-m">Contact and location</h2>
        <dl className="nhsuk-summary-list" data-testid="home-geography">
          <Row label="Address">{[home.address, home.postcode].filter(Boolean).join(', ') || notKnown}</Row>
          {home.phone ? <Row label="Telephone">{home.phone}</Row> : null}
          {home.website ? <Row label="Website">{home.website}</Row> : null}
          <Row label="Local authority">{home.geography.localAuthority ?? notKnown}</Row>
          <Row label="Sub-ICB location">{areaText(home.geography.subIcb)}</Row>
          <Row label="Integrated care board">{areaText(home.geography.icb)}</Row>
          <Row label="Region">{home.geography.region ?? notKnown}</Row>
          <Row label="Map position">
            {home.location
              ? `${home.location.latitude.toFixed(4)}, ${home.location.longitude.toFixed(4)} (${LOCATED_BY[home.location.locatedBy ?? ''] ?? 'known'})`
              : 'Not located: it will not appear in distance searches'}
          </Row>
        </dl>
        <p className="nhsuk-body-s">
          CQC data last changed here on {formatDate(home.registryUpdatedAt)}. Contains public sector
          information licensed under the Open Government Licence v3.0.
        </p>

        {sectionsFor(home).map((s) => (
          <section key={s.id} aria-labelledby={`${s.id}-heading`} data-section={s.id}>
            {s.render(home)}
          </section>
        ))}
      </div>
    </div>
  );
}
