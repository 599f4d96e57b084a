/**
 * The reminder and digest emails: plain text and simple inline-styled HTML in the NHS palette.
 * No images, no remote resources, no tracking pixels, no per-recipient tracking parameters: every
 * link goes straight to the service.
 */

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface ReminderContent {
  homeName: string;
  locationId: string;
  /** e.g. 'updated 3 days ago' / 'never updated' */
  freshnessLabel: string;
  updateUrl: string;
  /** Absent when the home has no figures yet: there is nothing to confirm. */
  confirmUrl?: string;
  /** Expiry of the confirm link, formatted for people (Europe/London). */
  confirmExpires?: string;
  settingsUrl: string;
}

export interface DigestHome {
  name: string;
  locationId: string;
  localAuthority?: string;
  /** null: never updated */
  daysSinceUpdate: number | null;
}

export interface DigestContent {
  /** The organisations the digest covers, e.g. ['Leeds', 'West Yorkshire ICB']. */
  areaNames: string[];
  totalHomes: number;
  /** The homes listed (the longest without an update first), at most DIGEST_LIST_LIMIT. */
  homes: DigestHome[];
  notUpdatingUrl: string;
  settingsUrl: string;
}

export const DIGEST_LIST_LIMIT = 50;

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const BLUE = '#005eb8';
const TEXT = '#212b32';
const GREEN = '#007f3b';

function layout(title: string, body: string, settingsUrl: string, footerReason: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head>
<body style="margin:0;padding:0;background:#f0f4f5;font-family:Arial,Helvetica,sans-serif;color:${TEXT};font-size:16px;line-height:1.5">
<div style="max-width:600px;margin:0 auto;background:#ffffff">
<div style="background:${BLUE};color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold">Care Capacity Tracker</div>
<div style="padding:24px">
${body}
</div>
<div style="border-top:4px solid ${BLUE};padding:16px 24px;font-size:14px;color:#4c6272">
<p style="margin:0 0 8px">${esc(footerReason)}</p>
<p style="margin:0">To stop these emails, <a href="${esc(settingsUrl)}" style="color:${BLUE}">change your email settings</a> on your account page.</p>
</div>
</div>
</body></html>`;
}

function button(href: string, label: string, colour: string): string {
  return `<p style="margin:16px 0"><a href="${esc(href)}" style="display:inline-block;background:${colour};color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 16px;border-radius:4px;box-shadow:0 4px 0 #003d78">${esc(label)}</a></p>`;
}

export function renderReminder(c: ReminderContent): RenderedEmail {
  const subject = `Please update the vacancies for ${c.homeName}`;
  const lead = `The vacancies for ${c.homeName} (CQC location ${c.locationId}) were ${c.freshnessLabel}. Discharge teams rely on figures no more than 48 hours old.`;
  const text = [
    lead,
    '',
    `Update the vacancies: ${c.updateUrl}`,
    ...(c.confirmUrl
      ? [
          '',
          `If nothing has changed, confirm it in one click: ${c.confirmUrl}`,
          `This link works once and expires ${c.confirmExpires ?? 'in 72 hours'}.`,
        ]
      : ['', 'There are no figures to confirm yet: please enter them.']),
    '',
    '--',
    'You get this because you are care home staff for this home on the Care Capacity Tracker.',
    `To stop these emails, change your email settings: ${c.settingsUrl}`,
  ].join('\n');
  const body = [
    `<h1 style="font-size:24px;margin:0 0 16px">Please update your vacancies</h1>`,
    `<p style="margin:0 0 16px">${esc(lead)}</p>`,
    button(c.updateUrl, 'Update the vacancies', GREEN),
    c.confirmUrl
      ? `<h2 style="font-size:19px;margin:24px 0 8px">Nothing has changed?</h2>
<p style="margin:0 0 8px">Confirm the figures are still right in one click.</p>
${button(c.confirmUrl, 'Nothing has changed', BLUE)}
<p style="margin:0;font-size:14px;color:#4c6272">This link works once and expires ${esc(c.confirmExpires ?? 'in 72 hours')}.</p>`
      : `<p style="margin:0">There are no figures to confirm yet: please enter them.</p>`,
  ].join('\n');
  return {
    subject,
    text,
    html: layout(
      subject,
      body,
      c.settingsUrl,
      'You get this because you are care home staff for this home on the Care Capacity Tracker.',
    ),
  };
}

export function daysLabel(days: number | null): string {
  if (days === null) return 'never updated';
  return `${days} day${days === 1 ? '' : 's'}`;
}

export function renderDigest(c: DigestContent): RenderedEmail {
  const n = c.totalHomes;
  const subject = `${n} care home${n === 1 ? '' : 's'} in your area ${n === 1 ? 'has' : 'have'} not updated in 48 hours`;
  const area = c.areaNames.join(', ');
  const more = n - c.homes.length;
  const text = [
    `${n} care home${n === 1 ? '' : 's'} in ${area} ${n === 1 ? 'has' : 'have'} not updated or confirmed their vacancies in the last 48 hours.`,
    '',
    ...c.homes.map(
      (h) =>
        `- ${h.name} (${h.locationId})${h.localAuthority ? `, ${h.localAuthority}` : ''}: ${h.daysSinceUpdate === null ? 'never updated' : `${daysLabel(h.daysSinceUpdate)} since the last update`}`,
    ),
    ...(more > 0 ? ['', `and ${more} more.`] : []),
    '',
    `See them all, with contact details: ${c.notUpdatingUrl}`,
    '',
    '--',
    'You get this daily digest as a commissioner or local authority officer on the Care Capacity Tracker.',
    `To stop these emails, change your email settings: ${c.settingsUrl}`,
  ].join('\n');
  const rows = c.homes
    .map(
      (h) => `<tr>
<td style="padding:8px;border-bottom:1px solid #d8dde0">${esc(h.name)}<br><span style="font-size:14px;color:#4c6272">${esc(h.locationId)}${h.localAuthority ? `, ${esc(h.localAuthority)}` : ''}</span></td>
<td style="padding:8px;border-bottom:1px solid #d8dde0;white-space:nowrap">${esc(daysLabel(h.daysSinceUpdate))}</td>
</tr>`,
    )
    .join('\n');
  const body = `<h1 style="font-size:24px;margin:0 0 16px">Care homes not updating</h1>
<p style="margin:0 0 16px">${n} care home${n === 1 ? '' : 's'} in ${esc(area)} ${n === 1 ? 'has' : 'have'} not updated or confirmed their vacancies in the last 48 hours.</p>
<table style="border-collapse:collapse;width:100%;font-size:16px">
<caption style="text-align:left;font-weight:bold;padding-bottom:8px">Longest without an update first</caption>
<thead><tr><th scope="col" style="text-align:left;padding:8px;border-bottom:2px solid #d8dde0">Care home</th><th scope="col" style="text-align:left;padding:8px;border-bottom:2px solid #d8dde0">Since last update</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${more > 0 ? `<p style="margin:16px 0 0">and ${more} more.</p>` : ''}
${button(c.notUpdatingUrl, 'See all homes not updating', BLUE)}`;
  return {
    subject,
    text,
    html: layout(
      subject,
      body,
      c.settingsUrl,
      'You get this daily digest as a commissioner or local authority officer on the Care Capacity Tracker.',
    ),
  };
}
