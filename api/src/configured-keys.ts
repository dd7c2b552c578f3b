// The keys a deployment signs and trusts with, read once from configuration
// (never from the database), by the server and the commands alike.
import path from 'node:path';
import { configuredTrustedKeys, type RetiredKeySource } from './audit/retired-keys.ts';
import { loadSigningKey, type SigningKey, type SigningKeySource } from './audit/signing-key.ts';
import type { TrustedKeys } from './audit/trusted-keys.ts';
import { loadSecondFactorKey, type SecondFactorKey, type SecondFactorKeySource } from './auth/second-factor-key.ts';
import { loadPackageKey, type PackageKey, type PackageKeySource } from './privacy-packages/package-key.ts';

export interface KeySources {
  /** The audit checkpoint signing key (AUDIT_SIGNING_KEY, or the file generated in DATA_DIR). */
  auditSigningKey: SigningKeySource;
  /** Public keys of retired signing keys, still published and trusted (AUDIT_RETIRED_PUBLIC_KEYS); default: none. */
  auditRetiredPublicKeys?: RetiredKeySource;
  /** The key encrypting staff TOTP secrets; default: generated beside the audit signing key's file. */
  secondFactorKey?: SecondFactorKeySource;
  /** The key encrypting privacy-request packages; default: generated beside the audit signing key's file. */
  packageEncryptionKey?: PackageKeySource;
}

export interface ConfiguredKeys {
  signingKey: SigningKey;
  trustedKeys: TrustedKeys;
  secondFactorKey: SecondFactorKey;
  packageKey: PackageKey;
}

export async function loadConfiguredKeys(sources: KeySources): Promise<ConfiguredKeys> {
  const signingKey = await loadSigningKey(sources.auditSigningKey);
  return {
    signingKey,
    trustedKeys: await configuredTrustedKeys(signingKey, sources.auditRetiredPublicKeys),
    secondFactorKey: await loadSecondFactorKey(
      sources.secondFactorKey ?? { value: undefined, file: path.join(path.dirname(sources.auditSigningKey.file), 'second-factor-key') },
    ),
    packageKey: await loadPackageKey(
      sources.packageEncryptionKey ?? {
        value: undefined,
        file: path.join(path.dirname(sources.auditSigningKey.file), 'package-encryption-key'),
      },
    ),
  };
}
