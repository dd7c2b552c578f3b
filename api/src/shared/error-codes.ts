// Every code the API tells a client in `extensions.code` (and the HTTP
// endpoints in their `code`/`error`), with what it means and what the client
// should do. A DomainError takes only these; the README's "Error codes" table
// is written from this list (pnpm readme:tables), and a test keeps both so.

export interface ErrorCodeEntry {
  meaning: string;
  /** What the client (or, for `operator` codes, whoever runs the product) should do. */
  whatToDo: string;
  /** Raised by the commands and at start-up only: no API client sees it. */
  operator?: true;
}

export const ERROR_CODES = {
  // --- the request itself ---------------------------------------------------
  BAD_USER_INPUT: {
    meaning: 'An argument or input field is not acceptable; `extensions.field` names it.',
    whatToDo: 'Correct the named field and send again; the message says what is expected.',
  },
  GRAPHQL_PARSE_FAILED: { meaning: 'The document is not GraphQL.', whatToDo: 'Fix the query text.' },
  GRAPHQL_VALIDATION_FAILED: {
    meaning: 'The document does not fit the schema, or exceeds a limit (depth, aliases, tokens, directives, cost).',
    whatToDo: 'Fix the query against `api/schema.graphql`; ask for less in one request.',
  },
  QUERY_TOO_EXPENSIVE: {
    meaning: 'The operation asks for more of the expensive fields than one request may (aliases and fragments included).',
    whatToDo: 'Send one per request.',
  },
  PAYLOAD_TOO_LARGE: { meaning: 'The request body is larger than the API accepts (HTTP 413).', whatToDo: 'Send a smaller request.' },
  PERSISTED_QUERY_NOT_FOUND: {
    meaning: 'The persisted document id sent is not one this server knows: the dashboard and the API are from different releases.',
    whatToDo: 'Reload the dashboard; send a document id from `api/trusted-documents.json` of the same release.',
  },
  PERSISTED_QUERY_ONLY: {
    meaning: 'A signed-in (cookie) session sent a query text; sessions may send only the dashboard’s own persisted documents.',
    whatToDo: 'Send the persisted document id, or use an API token for other queries.',
  },
  PERSISTED_QUERY_ID_REQUIRED: {
    meaning: 'The request carried neither a query nor a persisted document id.',
    whatToDo: 'Send a query, or `extensions.persistedQuery { version: 1, sha256Hash }`.',
  },
  INTERNAL_SERVER_ERROR: {
    meaning: 'Something unexpected failed; the details are in the server log under the request id.',
    whatToDo: 'Try again later; report the request id (`x-request-id`) if it persists.',
  },

  // --- who is asking --------------------------------------------------------
  UNAUTHENTICATED: {
    meaning: 'No valid session or API token, or the token is invalid, expired or revoked.',
    whatToDo: 'Sign in again, or send a valid token as `Authorization: Bearer <token>`.',
  },
  FORBIDDEN: {
    meaning: 'The caller may not do this (role, token scope, or another organization).',
    whatToDo: 'Do not retry; ask an admin for the permission.',
  },
  INVALID_CREDENTIALS: { meaning: 'The email or the password is wrong.', whatToDo: 'Ask the person to try again.' },
  LOCKED_OUT: {
    meaning: 'Too many failed sign-ins for this account or address.',
    whatToDo: 'Wait for the minutes the message gives, then try again.',
  },
  RATE_LIMITED: {
    meaning: 'Too many requests of this kind (deletion requests from one address, chain verifications).',
    whatToDo: 'Wait and try again later; do not retry at once.',
  },
  SECOND_STEP_REQUIRED: {
    meaning:
      'The password was right; the sign-in needs the authenticator code. `extensions.challenge` (until `challengeExpiresAt`) names the sign-in to finish.',
    whatToDo: 'Ask for the 6-digit code and send it with the challenge (`completeLogin`).',
  },
  SIGN_IN_EXPIRED: { meaning: 'The sign-in challenge expired or was used already.', whatToDo: 'Start again with the password.' },
  INVALID_CODE: {
    meaning: 'The authenticator or recovery code is wrong.',
    whatToDo: 'Ask the person to check the code and try again; failures count towards the lockout.',
  },
  SECOND_FACTOR_REQUIRED: {
    meaning: 'The organization requires two-step sign-in and this account has not set it up.',
    whatToDo: 'Set up two-step sign-in on the dashboard, then try again.',
  },
  SECOND_FACTOR_ALREADY_ENABLED: { meaning: 'Two-step sign-in is already on.', whatToDo: 'Nothing to do; an admin can reset it.' },
  SECOND_FACTOR_NOT_ENABLED: { meaning: 'Two-step sign-in is not on for this account.', whatToDo: 'Set it up first.' },
  NO_PENDING_ENROLMENT: {
    meaning: 'A code was sent to confirm a two-step set-up that was never started.',
    whatToDo: 'Start the set-up first.',
  },

  // --- staff and their organizations ----------------------------------------
  UNKNOWN_ORGANIZATION: { meaning: 'There is no organization with this slug.', whatToDo: 'Check the slug.' },
  USER_EXISTS: { meaning: 'A user with this email exists already.', whatToDo: 'Invite the existing user instead.' },
  WEAK_PASSWORD: { meaning: 'The password is shorter than the minimum the message gives.', whatToDo: 'Choose a longer password.' },
  ALREADY_MEMBER: { meaning: 'The person is a member of this organization already.', whatToDo: 'Change their role instead.' },
  LAST_ADMIN: {
    meaning: 'The change would leave the organization without an admin.',
    whatToDo: 'Make someone else admin first.',
  },
  MEMBER_DISABLED: { meaning: 'The member is disabled; their role cannot change.', whatToDo: 'Do not retry.' },
  CANNOT_DISABLE_SELF: { meaning: 'An admin tried to disable their own account.', whatToDo: 'Ask another admin.' },
  CANNOT_RESET_SELF: { meaning: 'An admin tried to reset their own two-step sign-in.', whatToDo: 'Ask another admin.' },
  NOT_ACCEPTED: {
    meaning: 'The person has not accepted the invitation, so there is nothing of theirs to change.',
    whatToDo: 'Wait until they accept, or withdraw the invitation.',
  },
  MEMBER_OF_OTHER_ORGANIZATIONS: {
    meaning: 'The person also has access outside this organization; only a site administrator may reset them.',
    whatToDo: 'Ask a site administrator.',
  },
  NOT_FOUND: { meaning: 'The thing asked for does not exist (or is not visible to the caller).', whatToDo: 'Check the id or slug.' },

  // --- policies ---------------------------------------------------------------
  VERSION_NOT_FOUND: {
    meaning: 'The policy has no published version of that number.',
    whatToDo: 'Ask for a version listed in `versions`.',
  },

  // --- deletion requests and retention ---------------------------------------
  IDEMPOTENCY_KEY_REUSED: {
    meaning: 'The idempotency key was used before for a request with other answers.',
    whatToDo: 'Make a new key for each new request; resend with the same key only the same answers.',
  },
  INVALID_TOKEN: {
    meaning:
      'The verification or status link, or the short code typed with its reference, is not valid (mistyped, expired or already used).',
    whatToDo: 'Check that the link was copied whole, or the code and reference typed as in the mail; or submit the request again.',
  },
  CODE_ATTEMPTS_EXHAUSTED: {
    meaning: "A request's short code was entered wrongly five times; its codes no longer work.",
    whatToDo: 'Open the link in the mail instead; do not retry the code.',
  },
  SUBSCRIPTION_LINK_INVALID: {
    meaning: 'The confirmation link of a subscription to changes is not valid: expired, already used, or replaced by a newer request.',
    whatToDo: 'Subscribe again; a new confirmation mail is sent.',
  },
  INVALID_TRANSITION: {
    meaning: 'The request is not in a state that allows this action (for example, it is closed).',
    whatToDo: 'Reload the request and choose an action its status allows.',
  },
  VERSION_CONFLICT: {
    meaning: 'The record changed since the version the client sent.',
    whatToDo: 'Reload it, and apply the change again to the new version if still wanted.',
  },
  EXTENSION_NOT_AVAILABLE: { meaning: 'Only GDPR and CCPA requests can be extended.', whatToDo: 'Do not retry.' },
  EXTENSION_ALREADY_USED: { meaning: 'The request was extended already; it can be extended once.', whatToDo: 'Do not retry.' },
  EXTENSION_TOO_LATE: { meaning: 'The original deadline has passed; an extension had to come before it.', whatToDo: 'Do not retry.' },
  CORRECTION_UNDECIDED: {
    meaning: 'A correction item of the request has no decision yet; the message and `extensions.field` name the item.',
    whatToDo: 'Decide every correction item (applied, partly applied or rejected with a reason), then complete the request.',
  },

  // --- subprocessor objections ----------------------------------------------------
  OBJECTION_PERIOD_ENDED: {
    meaning: 'The subprocessor change has taken effect (or was never announced for objection): objections to it are closed.',
    whatToDo: 'Do not retry; contact the organization directly.',
  },
  OBJECTION_ALREADY_RESOLVED: {
    meaning: 'The objection was resolved already; its outcome stands.',
    whatToDo: 'Reload the objection.',
  },
  PACKAGE_NOT_SEALED: {
    meaning:
      'The request asks for a copy of the data (ACCESS or PORTABILITY) and its package is not sealed yet, so there would be nothing to download.',
    whatToDo: 'Seal the package (`sealPrivacyPackage`), then complete the request.',
  },
  PACKAGE_ALREADY_SEALED: {
    meaning: 'The request already has a sealed package; a package never changes.',
    whatToDo: 'Do not retry; revoke or re-issue its link instead.',
  },
  PACKAGE_ERASED: {
    meaning: "The package's contents were erased by its retention rule; its link cannot be issued again.",
    whatToDo: 'Do not retry.',
  },
  IDENTITY_PROOF_REQUIRED: {
    meaning: "The organization requires a recorded proof of the requester's identity before a package is released.",
    whatToDo: 'Record the proof (recordPrivacyPackageIdentityProof), which releases the package.',
  },
  IDENTITY_ALREADY_PROVED: { meaning: 'Proof of identity was already recorded for this package.', whatToDo: 'Do not retry.' },
  NO_LINK: { meaning: 'The package has no download link to revoke.', whatToDo: 'Reload the request.' },

  // --- audit --------------------------------------------------------------------
  VERIFICATION_IN_PROGRESS: {
    meaning: 'A chain verification the caller started is still running.',
    whatToDo: 'Wait for its result before starting another.',
  },

  // --- commands and start-up ---------------------------------------------------
  INVALID_MAIL: { meaning: 'A mail the product was about to queue is malformed.', whatToDo: 'Report it: a bug.', operator: true },
  AUDIT_SIGNING_KEY_INVALID: {
    meaning: 'AUDIT_SIGNING_KEY or AUDIT_RETIRED_PUBLIC_KEYS cannot be read as a key.',
    whatToDo: 'Fix the setting (see Audit trail).',
    operator: true,
  },
  AUDIT_SIGNING_KEY_REQUIRED: {
    meaning: 'Purging audit events needs the audit signing key to sign the record of the purge.',
    whatToDo: 'Set AUDIT_SIGNING_KEY.',
    operator: true,
  },
  MFA_ENCRYPTION_KEY_INVALID: {
    meaning: 'MFA_ENCRYPTION_KEY (or its generated file) does not hold 32 random bytes in base64.',
    whatToDo: 'Set it to the output of `openssl rand -base64 32`.',
    operator: true,
  },
  PACKAGE_ENCRYPTION_KEY_INVALID: {
    meaning: 'PACKAGE_ENCRYPTION_KEY (or its generated file) does not hold 32 random bytes in base64.',
    whatToDo: 'Set it to the output of `openssl rand -base64 32`.',
    operator: true,
  },
  POLICY_FILES_INVALID: {
    meaning: 'The policy files do not pass the checks, so nothing was synced.',
    whatToDo: 'Run `pnpm policies:check` and fix what it names.',
    operator: true,
  },
  POLICY_VERSION_CHANGED: {
    meaning: 'The text of a published version changed; published versions are immutable.',
    whatToDo: 'Restore the text and publish the correction as a new version.',
    operator: true,
  },
  PORT_IN_USE: { meaning: 'The server cannot listen on its port.', whatToDo: 'Set PORT to a free port.', operator: true },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
