// Brings the database in line with the policy files: organizations are
// upserted, new policy versions and subprocessor lists inserted, published
// ones never touched. One
// transaction: either every change lands or none does.
import path from 'node:path';
import type { Db } from '@governance/db';
import { renderPolicyMarkdown } from '@governance/policies/render';
import type { PolicyRepository, VersionSource } from '@governance/policies/repository';
import { versionKey } from '@governance/policies/repository';
import { compareVersions } from '@governance/policies/schema';
import { startOfDateUtc } from '@governance/policies/vocabulary/version-in-force';
import { AUDIT_ACTION, type AuditAction } from '../audit/actions.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { SYSTEM_ACTOR } from '../audit/models.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { syncSubprocessorLists } from '../subprocessors/register-sync.ts';
import { sendChangeNotices } from '../subscriptions/change-notices.service.ts';
import type { AnnouncedChange } from '../subscriptions/models.ts';
import { POLICY_CATALOG_CHANNEL } from './catalog-cache.ts';
import * as repository from './policies.repository.ts';

export interface SyncReport {
  organizationsCreated: string[];
  organizationsUpdated: string[];
  policiesCreated: string[];
  /** `org/policy@version` of every version inserted. */
  versionsInserted: string[];
  versionsUnchanged: number;
  /** `org/subprocessors@version` of every subprocessor list version inserted. */
  subprocessorListsInserted: string[];
  /** Notice mails queued to confirmed subscribers, per announced change (`org/policy@version` or `org/subprocessors@version`). */
  noticesQueued: Record<string, number>;
}

export interface SyncOptions {
  /** The portal's public origin, for the links in change notices (the commands pass PUBLIC_SITE_URL); default http://localhost:4000. */
  publicUrl?: string;
}

const LOCAL_PUBLIC_URL = 'http://localhost:4000';

export function describeSync(report: SyncReport): string {
  const changes = [
    ...report.organizationsCreated.map((slug) => `organization ${slug} created`),
    ...report.organizationsUpdated.map((slug) => `organization ${slug} updated`),
    ...report.policiesCreated.map((key) => `policy ${key} created`),
    ...report.versionsInserted.map((key) => `version ${key} published`),
    ...report.subprocessorListsInserted.map((key) => `subprocessor list ${key} published`),
    ...Object.entries(report.noticesQueued)
      .filter(([, count]) => count > 0)
      .map(([key, count]) => `${count} change notice${count === 1 ? '' : 's'} of ${key} queued`),
  ];
  if (changes.length === 0) return `Policies already in sync: nothing changed (${report.versionsUnchanged} versions unchanged).`;
  return [
    `Policy sync: ${changes.length} changes, ${report.versionsUnchanged} versions unchanged.`,
    ...changes.map((line) => `  ${line}`),
  ].join('\n');
}

/**
 * @param source a repository read by `checkPolicies` with no problems.
 * @throws DomainError POLICY_VERSION_CHANGED when a synced version's text differs from its file.
 */
export async function syncPolicies(db: Db, source: PolicyRepository, clock: Clock, options: SyncOptions = {}): Promise<SyncReport> {
  if (source.problems.length > 0) {
    throw new DomainError('POLICY_FILES_INVALID', `The policy files have ${source.problems.length} problems; run pnpm policies:check`);
  }
  const report: SyncReport = {
    organizationsCreated: [],
    organizationsUpdated: [],
    policiesCreated: [],
    versionsInserted: [],
    versionsUnchanged: 0,
    subprocessorListsInserted: [],
    noticesQueued: {},
  };
  // What subscribers are told of, once everything is inserted: material versions of policies that had a
  // version before, and lists of organizations that had one before. A seed's first versions tell nobody.
  const announced: { key: string; change: AnnouncedChange }[] = [];
  const relative = (file: string) => path.relative(path.dirname(source.root), file);

  await db.transaction().execute(async (trx) => {
    await repository.lockPolicySync(trx);
    const now = clock.now();
    const audit = (organizationId: string, action: AuditAction, target: { type: string; id: string }, metadata: Record<string, unknown>) =>
      recordAuditEvent(trx, { organizationId, actor: SYSTEM_ACTOR, action, target, metadata, occurredAt: now });
    const organizationIds = new Map<string, string>();
    for (const organization of source.organizations) {
      const { id, change } = await repository.upsertOrganization(trx, {
        slug: organization.slug,
        name: organization.data.name,
        website: organization.data.website ?? null,
        contacts: organization.data.contacts,
        noticePeriodDays: organization.data.noticePeriodDays,
        subprocessorNoticeDays: organization.data.subprocessorNoticeDays,
        packageIdentityProofRequired: organization.data.packageIdentityProofRequired,
      });
      organizationIds.set(organization.slug, id);
      if (change === 'created') report.organizationsCreated.push(organization.slug);
      if (change === 'updated') report.organizationsUpdated.push(organization.slug);
      if (change !== 'none') {
        await audit(
          id,
          change === 'created' ? AUDIT_ACTION.organizationCreated : AUDIT_ACTION.organizationUpdated,
          { type: 'Organization', id },
          { slug: organization.slug, source: relative(organization.file) },
        );
      }
    }

    for (const [key, versions] of Map.groupBy(source.versions, (version) => `${version.organization}/${version.policy}`)) {
      const first = versions[0] as VersionSource;
      const organizationId = organizationIds.get(first.organization);
      if (!organizationId) throw new Error(`organization ${first.organization} was not synced`);
      const newest = versions.reduce((a, b) => (compareVersions(a.frontmatter.version, b.frontmatter.version) >= 0 ? a : b));
      let policyId = await repository.findPolicyIdBySlug(trx, organizationId, first.policy);
      if (!policyId) {
        policyId = await repository.insertPolicy(trx, organizationId, first.policy, newest.frontmatter.title);
        report.policiesCreated.push(key);
        await audit(
          organizationId,
          AUDIT_ACTION.policyCreated,
          { type: 'Policy', id: policyId },
          { slug: first.policy, title: newest.frontmatter.title },
        );
      } else if (await repository.updatePolicyTitle(trx, policyId, newest.frontmatter.title)) {
        await audit(
          organizationId,
          AUDIT_ACTION.policyTitleChanged,
          { type: 'Policy', id: policyId },
          { slug: first.policy, title: newest.frontmatter.title },
        );
      }

      const stored = await repository.findVersionHashes(trx, policyId);
      const firstImportOfPolicy = stored.size === 0;
      const allVersions = versions.map((version) => version.frontmatter.version);
      for (const version of versions) {
        const storedHash = stored.get(version.frontmatter.version);
        if (storedHash === version.sha256) {
          report.versionsUnchanged++;
          continue;
        }
        if (storedHash !== undefined) {
          throw new DomainError(
            'POLICY_VERSION_CHANGED',
            `${relative(version.file)}: version ${versionKey(version)} was published with sha256 ${storedHash} and its text now differs (sha256 ${version.sha256}). Published versions are immutable: restore the text and publish the correction as a new version.`,
          );
        }
        const rendered = await renderPolicyMarkdown(version.body);
        const versionId = await repository.insertVersion(trx, {
          policyId,
          version: version.frontmatter.version,
          title: version.frontmatter.title,
          effectiveAt: startOfDateUtc(version.frontmatter.effective),
          publishedAt: startOfDateUtc(version.frontmatter.published),
          summary: version.frontmatter.summary,
          material: version.frontmatter.material,
          body: version.body,
          html: rendered.html,
          sha256: version.sha256,
          sections: rendered.sections,
          sourcePath: relative(version.file),
        });
        report.versionsInserted.push(versionKey(version));
        if (version.frontmatter.material && !firstImportOfPolicy) {
          announced.push({
            key: versionKey(version),
            change: {
              topic: 'POLICIES',
              organizationId,
              policyVersionId: versionId,
              policySlug: first.policy,
              policyTitle: version.frontmatter.title,
              version: version.frontmatter.version,
              previousVersion: previousOf(version.frontmatter.version, [...allVersions, ...stored.keys()]),
              summary: version.frontmatter.summary,
              effectiveAt: startOfDateUtc(version.frontmatter.effective),
            },
          });
        }
        await audit(
          organizationId,
          AUDIT_ACTION.policyVersionPublished,
          { type: 'PolicyVersion', id: versionId },
          { policy: first.policy, version: version.frontmatter.version, sha256: version.sha256, effective: version.frontmatter.effective },
        );
      }
    }
    const lists = await syncSubprocessorLists(trx, source.registers, organizationIds, relative);
    for (const { key, id, source: list, firstOfOrganization } of lists.inserted) {
      report.subprocessorListsInserted.push(key);
      if (!firstOfOrganization) {
        announced.push({
          key,
          change: {
            topic: 'SUBPROCESSORS',
            organizationId: organizationIds.get(list.organization) as string,
            listVersionId: id,
            version: list.data.version,
            summary: list.data.summary,
            announcedAt: startOfDateUtc(list.data.announced),
            effectiveAt: startOfDateUtc(list.data.effective),
          },
        });
      }
      await audit(
        organizationIds.get(list.organization) as string,
        AUDIT_ACTION.subprocessorListPublished,
        { type: 'SubprocessorListVersion', id },
        { version: list.data.version, sha256: list.sha256, announced: list.data.announced, effective: list.data.effective },
      );
    }
    const counts = await sendChangeNotices(
      trx,
      { clock, publicUrl: options.publicUrl ?? LOCAL_PUBLIC_URL },
      announced.map(({ change }) => change),
    );
    announced.forEach(({ key }, index) => {
      report.noticesQueued[key] = counts[index] ?? 0;
    });
    // Delivered at commit, to every API process: their cached catalog is stale.
    await repository.notify(trx, POLICY_CATALOG_CHANNEL);
  });
  return report;
}

/** The greatest of `versions` below `version`: what a redline compares it with; null when it is the first. */
function previousOf(version: string, versions: readonly string[]): string | null {
  let previous: string | null = null;
  for (const candidate of versions) {
    if (compareVersions(candidate, version) < 0 && (previous === null || compareVersions(candidate, previous) > 0)) previous = candidate;
  }
  return previous;
}
