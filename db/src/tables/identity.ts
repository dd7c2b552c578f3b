import type { ColumnType, Generated, Selectable } from 'kysely';

export type OrganizationRole = 'ADMIN' | 'PRIVACY_OFFICER' | 'AUDITOR' | 'VIEWER';

export interface AppUserTable {
  id: Generated<string>;
  /** Lower-cased. */
  email: string;
  name: string;
  /** argon2id, PHC string. */
  password_hash: string;
  is_site_admin: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MembershipTable {
  user_id: string;
  organization_id: string;
  role: OrganizationRole;
  created_at: ColumnType<Date, never, never>;
  /** The name the inviting admin typed; what the organization sees until the person accepts. */
  invited_name: ColumnType<string | null, string | null | undefined, string | null>;
  invited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** null while the invitation is pending: a pending membership grants nothing. */
  accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Disabled in this organization only; the account itself stays usable elsewhere. */
  disabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface UserSessionTable {
  id: Generated<string>;
  user_id: string;
  /** SHA-256 (hex) of the session token; the token itself is never stored. */
  token_hash: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  absolute_expires_at: Date;
  ended_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  /** The first characters of the token, shown in lists so people can tell tokens apart. */
  token_prefix: string;
  token_hash: string;
  scopes: string[];
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** A staff user's TOTP authenticator. */
export interface UserSecondFactorTable {
  user_id: string;
  /** AES-256-GCM under the application's key, bound to user_id; never the secret in clear. */
  secret_ciphertext: string;
  created_at: Date;
  /** null while the enrolment waits for its first code. */
  confirmed_at: Date | null;
  /** The last 30-second step whose code was accepted (bigint, as text). */
  last_used_step: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SecondFactorRecoveryCodeTable {
  id: Generated<string>;
  user_id: string;
  /** SHA-256 (hex) of the normalised code. */
  code_hash: string;
  created_at: Date;
  used_at: Date | null;
}

/** Links a sign-in's password step to its code step; single use, short-lived. */
export interface LoginChallengeTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export type AppUserRow = Selectable<AppUserTable>;
export type UserSessionRow = Selectable<UserSessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type UserSecondFactorRow = Selectable<UserSecondFactorTable>;
