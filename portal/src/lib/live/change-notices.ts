// The pages of change notices without JavaScript: the "Get notified of
// changes" form posts to its own page, which runs subscribeToChanges through
// the public API (in-process) and redirects to "Check your email", or renders
// the form again with the answers as typed and the problem on its field. The
// confirmation and unsubscribe links open pages whose button posts back, so
// a mail scanner that opens links changes nothing.
import { subscribedUrl, subscribeSentUrl } from '@governance/policies/vocabulary/urls';
import { graphql } from '../../dashboard/graphql.ts';
import { dataOf, type LivePageLocals } from './locals.ts';
import type { FormOutcome, FormProblem } from './request-form.ts';

export const SUBSCRIBE_TO_CHANGES = graphql(`
  mutation SubscribeToChanges($input: SubscribeToChangesInput!) {
    subscribeToChanges(input: $input) {
      __typename
      ... on MutationSubscribeToChangesSuccess { data { confirmationSent } }
      ... on InputError { code field message }
    }
  }
`);

export const CONFIRM_SUBSCRIPTION = graphql(`
  mutation ConfirmSubscription($token: String!) {
    confirmSubscription(token: $token) {
      __typename
      ... on MutationConfirmSubscriptionSuccess { data { topics } }
      ... on InputError { code field message }
    }
  }
`);

export const UNSUBSCRIBE_FROM_CHANGES = graphql(`
  mutation UnsubscribeFromChanges($token: String!) {
    unsubscribeFromChanges(token: $token) {
      __typename
      ... on MutationUnsubscribeFromChangesSuccess { data { unsubscribed } }
      ... on InputError { code field message }
    }
  }
`);

export type ChangeTopicChoice = 'POLICIES' | 'SUBPROCESSORS';

export const TOPIC_CHOICES: { value: ChangeTopicChoice; label: string; hint: string }[] = [
  { value: 'POLICIES', label: 'Changes to its policies', hint: 'When a new version changes what you agreed to.' },
  {
    value: 'SUBPROCESSORS',
    label: 'Changes to its list of subprocessors',
    hint: 'When it adds, replaces or removes a company that processes customer data.',
  },
];

export interface SubscribeFormValues {
  email: string;
  topics: ChangeTopicChoice[];
}

export const EMPTY_SUBSCRIBE_FORM: SubscribeFormValues = { email: '', topics: [] };

const MESSAGES = {
  unstorable: 'Remove the invisible character (U+0000) from your answer.',
  noTopic: 'Select what you want to be told about.',
};

export async function submitSubscribeForm(
  locals: LivePageLocals,
  organization: string,
  fields: URLSearchParams,
): Promise<FormOutcome<SubscribeFormValues>> {
  const email = fields.get('email') ?? '';
  const topics = TOPIC_CHOICES.map((choice) => choice.value).filter((value) => fields.getAll('topics').includes(value));
  const values = { email: email.replaceAll('\u0000', ''), topics };
  const problems: FormProblem[] = [];
  if (email.includes('\u0000')) problems.push({ field: 'email', message: MESSAGES.unstorable });
  if (topics.length === 0) problems.push({ field: 'topics', message: MESSAGES.noTopic });
  if (problems.length > 0) return { status: 400, values, problems };
  const { subscribeToChanges: result } = await dataOf(locals, SUBSCRIBE_TO_CHANGES, {
    input: { organization, email: email.trim(), topics },
  });
  if (result.__typename === 'InputError') {
    return { status: result.code === 'RATE_LIMITED' ? 429 : 400, values, problems: [{ field: result.field, message: result.message }] };
  }
  return { redirect: subscribeSentUrl(organization) };
}

/** The token of a link, as the page got it (`?token=`), or from the button's hidden field. */
export function linkToken(url: URL, fields?: URLSearchParams): string {
  return (fields?.get('token') ?? url.searchParams.get('token') ?? '').trim();
}

export async function confirmFromPage(
  locals: LivePageLocals,
  organization: string,
  token: string,
): Promise<{ redirect: string } | { problem: string }> {
  const { confirmSubscription: result } = await dataOf(locals, CONFIRM_SUBSCRIPTION, { token });
  if (result.__typename === 'InputError') return { problem: result.message };
  return { redirect: subscribedUrl(organization) };
}

export async function unsubscribeFromPage(locals: LivePageLocals, token: string): Promise<{ done: true } | { problem: string }> {
  const { unsubscribeFromChanges: result } = await dataOf(locals, UNSUBSCRIBE_FROM_CHANGES, { token });
  if (result.__typename === 'InputError') return { problem: result.message };
  return { done: true };
}

/** Whether the text can be a link's token at all (the API's are a prefix and 43 base64url characters); anything else is not sent. */
export const isLinkToken = (token: string) => /^[\w-]{1,100}$/.test(token);
