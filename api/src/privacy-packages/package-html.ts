// The human-readable page of a package, generated from its JSON: plain
// semantic HTML that reads without JavaScript or styles (none inline, so the
// site's Content-Security-Policy holds), every value escaped.
import type { PrivacyPackage } from './package-document.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

const day = (iso: string) => iso.slice(0, 10);

/** A long hash that may wrap on a narrow screen (no styles to do it): a break opportunity every 16 characters, copied as one string. */
const breakable = (hex: string) => hex.replace(/(.{16})(?=.)/g, '$1<wbr>');

function list(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

function dataSection(document: PrivacyPackage): string {
  return document.data
    .map(
      (category) =>
        `<section><h3>${escapeHtml(category.category)}</h3>${category.systems
          .map(
            (system) =>
              `<h4>Held in: ${escapeHtml(system.system)}</h4><dl>${system.fields
                .map((field) => `<dt>${escapeHtml(field.name)}</dt><dd>${field.value === '' ? '(empty)' : escapeHtml(field.value)}</dd>`)
                .join('')}</dl>`,
          )
          .join('')}</section>`,
    )
    .join('');
}

function retentionSection(document: PrivacyPackage): string {
  if (document.retention.schedule.length === 0) {
    return `<p>${escapeHtml(document.organization.name)} published no retention schedule on ${day(document.retention.at)}.</p>`;
  }
  return `<table><caption>Retention schedule on ${day(document.retention.at)}</caption><thead><tr><th scope="col">Data</th><th scope="col">Kept for</th><th scope="col">From</th><th scope="col">Legal basis</th></tr></thead><tbody>${document.retention.schedule
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.description)}</td><td>${escapeHtml(entry.periodDescription)}</td><td>${escapeHtml(entry.trigger)}</td><td>${escapeHtml(entry.legalBasis)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function recipientsSection(document: PrivacyPackage): string {
  const recipients = document.recipients;
  if (!recipients) return `<p>${escapeHtml(document.organization.name)} publishes no list of the third parties that process its data.</p>`;
  return `<p>The list in force (version ${escapeHtml(recipients.version)}, since ${day(recipients.effectiveAt)}):</p>${list(
    recipients.entries.map((entry) => {
      const who = escapeHtml(entry.name ?? entry.category ?? '');
      const where = entry.locations ? `located in ${escapeHtml(entry.locations.join(', '))}` : 'location not stated';
      return `<strong>${who}</strong>: ${escapeHtml(entry.purpose)} (${where})`;
    }),
  )}`;
}

export function renderPackageHtml(document: PrivacyPackage, sha256: string): string {
  const organization = escapeHtml(document.organization.name);
  const policy = document.privacyPolicy;
  const contacts = document.rights.complaintRoute.contacts;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<title>Your data held by ${organization} (${escapeHtml(document.reference)})</title>
</head>
<body>
<main>
<h1>Your data held by ${organization}</h1>
<p>This is the answer to request <strong>${escapeHtml(document.reference)}</strong>, prepared on ${day(document.sealedAt)}. The same data, in a machine-readable form, is in the JSON file you can download from the status page of your request.</p>
<h2>Your personal data</h2>
${dataSection(document)}
<h2>How long it is kept</h2>
${retentionSection(document)}
<h2>The privacy policy in force</h2>
${
  policy
    ? `<p><a href="${escapeHtml(policy.url)}">${escapeHtml(policy.title)}, version ${escapeHtml(policy.version)}</a> (SHA-256 <code>${breakable(escapeHtml(policy.sha256))}</code>).</p>`
    : `<p>${organization} published no privacy policy on ${day(document.sealedAt)}.</p>`
}
<h2>Who receives it</h2>
${recipientsSection(document)}
<h2>Your rights</h2>
${list(document.rights.statements.map(escapeHtml))}
<h2>Questions and complaints</h2>
<p>${escapeHtml(document.rights.complaintRoute.statement)}</p>
${contacts.length > 0 ? list(contacts.map((contact) => `${escapeHtml(contact.purpose)}: <a href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a>`)) : ''}
<h2>Checking this package</h2>
<p>The JSON file's SHA-256, over its RFC 8785 canonical form, is <code>${breakable(sha256)}</code>. The signed receipt of your request names the same hash once the request is completed.</p>
</main>
</body>
</html>
`;
}
