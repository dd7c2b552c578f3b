// The few pages the server renders itself, for people without JavaScript: a
// refused deletion request or confirmation (the form again, with what was
// typed and the error next to its field) and plain messages (403, 404, 413…).
// They mirror the portal's own pages (portal/src/pages/[org]/privacy-request/)
// and link its stylesheet at a fixed address. Every value is escaped; the
// pages carry no script.
import type { Organization } from '../policies/models.ts';

/** What a page says of its organization (policies' Organization model). */
export type PageOrganization = Pick<Organization, 'slug' | 'name'>;

/** A refusal to show: on its field when the form has one of that name, else in the summary only. */
export interface FormProblem {
  field: string | null;
  message: string;
}

export interface RequestFormValues {
  email: string;
  name: string;
  accountIdentifier: string;
  jurisdiction: string;
  details: string;
}

const SITE_NAME = 'Governance portal';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

const slugPath = (organization: PageOrganization) => `/${encodeURIComponent(organization.slug)}`;
export const requestFormPath = (slug: string) => `/${encodeURIComponent(slug)}/privacy-request/`;
export const receivedPath = (slug: string) => `${requestFormPath(slug)}received/`;
export const verifyPath = (slug: string) => `${requestFormPath(slug)}verify/`;
export const verifiedPath = (slug: string) => `${requestFormPath(slug)}verify/confirmed/`;
const stylesheetPath = (organization: PageOrganization) => `${requestFormPath(organization.slug)}form.css`;

interface Layout {
  title: string;
  /** Known organizations get the portal's stylesheet and a link back to their page. */
  organization: PageOrganization | null;
  /** Already-escaped HTML. */
  main: string;
}

function layout({ title, organization, main }: Layout): string {
  const stylesheet = organization ? `\n    <link rel="stylesheet" href="${escapeHtml(stylesheetPath(organization))}" />` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <title>${escapeHtml(`${title} | ${SITE_NAME}`)}</title>${stylesheet}
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to main content</a>
    <header class="site-header">
      <div class="wrapper site-header-inner">
        <a class="site-name" href="/">${SITE_NAME}</a>
        <nav class="site-nav" aria-label="Site">
          <ul>
            <li><a href="/">Home</a></li>
            <li><a href="/search/">Search</a></li>
          </ul>
        </nav>
      </div>
    </header>
    <main id="main" class="wrapper" tabindex="-1">
${organization ? `      <p class="policy-organization"><a href="${escapeHtml(`${slugPath(organization)}/`)}">${escapeHtml(organization.name)}</a></p>\n` : ''}${main}
    </main>
    <footer class="site-footer">
      <div class="wrapper">
        <p>Each policy is published here exactly as its organization wrote it. Every version keeps a permanent address.</p>
      </div>
    </footer>
  </body>
</html>
`;
}

/** The error summary, focused on load (autofocus) so the problem is announced first. */
function errorSummary(problem: FormProblem, fieldIds: Record<string, string>): string {
  const target = problem.field ? fieldIds[problem.field] : undefined;
  const item = target ? `<a href="#${escapeHtml(target)}">${escapeHtml(problem.message)}</a>` : escapeHtml(problem.message);
  return `      <div class="error-summary" tabindex="-1" aria-labelledby="error-summary-title" autofocus>
        <h2 id="error-summary-title">There is a problem</h2>
        <ul><li>${item}</li></ul>
      </div>
`;
}

interface FieldState {
  invalid: boolean;
  errorHtml: string;
  /** aria-describedby and aria-invalid for the control (or the fieldset). */
  describedBy(...ids: string[]): string;
}

function fieldState(name: string, problem: FormProblem): FieldState {
  const invalid = problem.field === name;
  const errorId = `${name}-error`;
  return {
    invalid,
    errorHtml: invalid
      ? `<p class="field-error" id="${errorId}"><span class="visually-hidden">Error: </span>${escapeHtml(problem.message)}</p>`
      : `<p class="field-error" id="${errorId}" hidden></p>`,
    describedBy(...ids) {
      const all = invalid ? [...ids, errorId] : ids;
      return all.length > 0 ? ` aria-describedby="${all.join(' ')}"` : '';
    },
  };
}

const invalidAttribute = (state: FieldState) => (state.invalid ? ' aria-invalid="true"' : '');
const fieldClass = (state: FieldState) => (state.invalid ? 'field field-invalid' : 'field');

const JURISDICTIONS = [
  { value: 'GDPR', label: 'EU/UK GDPR', hint: () => 'You live in the European Union, the European Economic Area or the United Kingdom.' },
  { value: 'CCPA', label: 'California CCPA', hint: () => 'You are a resident of California.' },
  {
    value: 'OTHER',
    label: 'Other',
    hint: (organization: PageOrganization) => `Anywhere else: ${organization.name}'s own deadline applies.`,
  },
];

const REQUEST_FIELD_IDS: Record<string, string> = {
  email: 'email',
  name: 'name',
  accountIdentifier: 'accountIdentifier',
  jurisdiction: 'jurisdiction-gdpr',
  details: 'details',
};

/** The deletion request form again, as the person filled it in, with the problem shown. */
export function requestFormPage(organization: PageOrganization, values: RequestFormValues, problem: FormProblem): string {
  const email = fieldState('email', problem);
  const name = fieldState('name', problem);
  const account = fieldState('accountIdentifier', problem);
  const jurisdiction = fieldState('jurisdiction', problem);
  const details = fieldState('details', problem);
  const orgName = escapeHtml(organization.name);
  const radios = JURISDICTIONS.map(({ value, label, hint }) => {
    const id = `jurisdiction-${value.toLowerCase()}`;
    const checked = values.jurisdiction === value ? ' checked' : '';
    return `            <div class="radio">
              <input id="${id}" name="jurisdiction" type="radio" value="${value}" required aria-describedby="${id}-hint"${checked}${invalidAttribute(jurisdiction)} />
              <label for="${id}">${escapeHtml(label)}</label>
              <p class="field-hint" id="${id}-hint">${escapeHtml(hint(organization))}</p>
            </div>`;
  }).join('\n');
  const main = `      <h1>Ask ${orgName} to delete your personal data</h1>
${errorSummary(problem, REQUEST_FIELD_IDS)}      <p>Nothing was sent yet: correct the answer below and send the request again.</p>
      <form class="request-form" method="post" action="${escapeHtml(requestFormPath(organization.slug))}">
        <div class="${fieldClass(email)}" data-field="email">
          <label for="email">Email address</label>
          <p class="field-hint" id="email-hint">We send the confirmation link, and every answer, to this address.</p>
          ${email.errorHtml}
          <input id="email" name="email" type="email" autocomplete="email" spellcheck="false" required maxlength="320" value="${escapeHtml(values.email)}"${email.describedBy('email-hint')}${invalidAttribute(email)} />
        </div>
        <div class="${fieldClass(name)}" data-field="name">
          <label for="name">Full name</label>
          ${name.errorHtml}
          <input id="name" name="name" type="text" autocomplete="name" spellcheck="false" required maxlength="200" value="${escapeHtml(values.name)}"${name.describedBy()}${invalidAttribute(name)} />
        </div>
        <div class="${fieldClass(account)}" data-field="accountIdentifier">
          <label for="accountIdentifier">Account identifier (optional)</label>
          <p class="field-hint" id="accountIdentifier-hint">A username, customer number or other identifier of your account, if you have one.</p>
          ${account.errorHtml}
          <input id="accountIdentifier" name="accountIdentifier" type="text" autocomplete="username" spellcheck="false" maxlength="200" value="${escapeHtml(values.accountIdentifier)}"${account.describedBy('accountIdentifier-hint')}${invalidAttribute(account)} />
        </div>
        <fieldset class="${fieldClass(jurisdiction)}" data-field="jurisdiction"${jurisdiction.describedBy('jurisdiction-hint')}>
          <legend>Which law applies to you?</legend>
          <p class="field-hint" id="jurisdiction-hint">It sets how long ${orgName} has to answer.</p>
          ${jurisdiction.errorHtml}
          <div class="radios">
${radios}
          </div>
        </fieldset>
        <div class="${fieldClass(details)}" data-field="details">
          <label for="details">Details (optional)</label>
          <p class="field-hint" id="details-hint">Anything that helps: which products you used, other addresses you used. At most 5,000 characters.</p>
          ${details.errorHtml}
          <textarea id="details" name="details" rows="6" maxlength="5000"${details.describedBy('details-hint')}${invalidAttribute(details)}>${escapeHtml(values.details)}</textarea>
        </div>
        <button class="button" type="submit">Send request</button>
      </form>`;
  return layout({ title: `Error: Ask ${organization.name} to delete your data`, organization, main });
}

/** The confirmation form again, with the code as typed and the problem shown. */
export function verifyFormPage(organization: PageOrganization, token: string, problem: FormProblem): string {
  const field = fieldState('token', problem);
  const main = `      <h1>Confirm your email address</h1>
${errorSummary(problem, { token: 'token' })}      <form class="request-form" method="post" action="${escapeHtml(verifyPath(organization.slug))}">
        <div class="${fieldClass(field)}" data-field="token">
          <label for="token">Confirmation code</label>
          <p class="field-hint" id="token-hint">The code in the email, starting with <code>drv_</code>.</p>
          ${field.errorHtml}
          <input id="token" name="token" type="text" autocomplete="one-time-code" autocapitalize="off" spellcheck="false" required maxlength="200" value="${escapeHtml(token)}"${field.describedBy('token-hint')}${invalidAttribute(field)} />
        </div>
        <button class="button" type="submit">Confirm my email address</button>
      </form>
      <p><a href="${escapeHtml(requestFormPath(organization.slug))}">Make a new request</a></p>`;
  return layout({ title: 'Error: Confirm your email address', organization, main });
}

export interface MessagePage {
  title: string;
  paragraphs: string[];
  organization: PageOrganization | null;
  /** Where to go from here. */
  links?: { href: string; text: string }[];
}

/** A page that only explains: a refused or impossible request. */
export function messagePage({ title, paragraphs, organization, links = [] }: MessagePage): string {
  const text = paragraphs.map((paragraph) => `      <p>${escapeHtml(paragraph)}</p>`).join('\n');
  const list =
    links.length > 0
      ? `\n      <ul>\n${links.map(({ href, text }) => `        <li><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></li>`).join('\n')}\n      </ul>`
      : '';
  return layout({ title, organization, main: `      <h1>${escapeHtml(title)}</h1>\n${text}${list}` });
}
