import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AuditCheckpointTable, AuditEventPendingTable, AuditEventTable, AuditSigningKeyTable } from './tables/audit.ts';
import type { DeletionRequestEventTable, DeletionRequestStatusHandleTable, DeletionRequestTable } from './tables/deletion-requests.ts';
import type {
  ApiTokenTable,
  AppUserTable,
  LoginChallengeTable,
  MembershipTable,
  SecondFactorRecoveryCodeTable,
  UserSecondFactorTable,
  UserSessionTable,
} from './tables/identity.ts';
import type { MailOutboxTable } from './tables/mail.ts';
import type { OrganizationTable, PolicyTable, PolicyVersionTable, SubprocessorListVersionTable } from './tables/policies.ts';
import type { PrivacyRequestPackageLinkTable, PrivacyRequestPackageTable } from './tables/privacy-packages.ts';
import type {
  PrivacyRequestCorrectionRecipientTable,
  PrivacyRequestCorrectionTable,
  PrivacyRequestRetainedItemTable,
} from './tables/privacy-request-items.ts';
import type { RetentionRunTable, RetentionSettingVersionTable } from './tables/retention.ts';
import type { SubprocessorObjectionTable } from './tables/subprocessor-objections.ts';
import type { ChangeNoticeTable, ChangeSubscriptionTable, ChangeSubscriptionUnsubscribeTable } from './tables/subscriptions.ts';

export type { EmbeddedPostgresOptions, RunningPostgres } from './embedded.ts';
export { findFreePort, startEmbeddedPostgres } from './embedded.ts';
export { type Listener, type ListenOptions, listen } from './listen.ts';
export { migrateDown, migrateToLatest } from './migrate.ts';
export * from './tables/audit.ts';
export * from './tables/deletion-requests.ts';
export * from './tables/identity.ts';
export * from './tables/mail.ts';
export * from './tables/policies.ts';
export * from './tables/privacy-packages.ts';
export * from './tables/privacy-request-items.ts';
export * from './tables/retention.ts';
export * from './tables/subprocessor-objections.ts';
export * from './tables/subscriptions.ts';

export type Pool = pg.Pool;

export { APP_ROLE } from './cluster-roles.ts';

export interface Database {
  organization: OrganizationTable;
  policy: PolicyTable;
  policy_version: PolicyVersionTable;
  subprocessor_list_version: SubprocessorListVersionTable;
  subprocessor_objection: SubprocessorObjectionTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  user_second_factor: UserSecondFactorTable;
  second_factor_recovery_code: SecondFactorRecoveryCodeTable;
  login_challenge: LoginChallengeTable;
  audit_event_pending: AuditEventPendingTable;
  audit_event: AuditEventTable;
  deletion_request: DeletionRequestTable;
  deletion_request_event: DeletionRequestEventTable;
  deletion_request_status_handle: DeletionRequestStatusHandleTable;
  privacy_request_correction: PrivacyRequestCorrectionTable;
  privacy_request_correction_recipient: PrivacyRequestCorrectionRecipientTable;
  privacy_request_retained_item: PrivacyRequestRetainedItemTable;
  privacy_request_package: PrivacyRequestPackageTable;
  privacy_request_package_link: PrivacyRequestPackageLinkTable;
  audit_signing_key: AuditSigningKeyTable;
  audit_checkpoint: AuditCheckpointTable;
  mail_outbox: MailOutboxTable;
  retention_setting_version: RetentionSettingVersionTable;
  retention_run: RetentionRunTable;
  change_subscription: ChangeSubscriptionTable;
  change_subscription_unsubscribe: ChangeSubscriptionUnsubscribeTable;
  change_notice: ChangeNoticeTable;
}

export type Db = Kysely<Database>;

export interface CreateDbOptions {
  maxConnections?: number;
  /** Called for errors of idle pool clients, which would otherwise crash the process. */
  onPoolError?: (error: Error) => void;
  /** Called with the SQL of every query executed (tests count round trips with it). */
  onQuery?: (sql: string) => void;
  /** A role every connection switches to as it opens (the application uses APP_ROLE). */
  role?: string;
}

/** A node-postgres pool, for the few libraries that want one rather than Kysely. */
export function createPool(
  connectionString: string,
  options: Pick<CreateDbOptions, 'maxConnections' | 'onPoolError' | 'role'> = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    ...(options.role ? { options: `-c role=${options.role}` } : {}),
  });
  const onError = options.onPoolError ?? (() => {});
  // Both: idle clients report through the pool, checked-out ones through themselves.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function createDb(connectionString: string, options: CreateDbOptions = {}): Db {
  const pool = createPool(connectionString, options);
  const { onQuery } = options;
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql) } : {}),
  });
}
