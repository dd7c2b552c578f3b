// The organization's announced changes, for staff to pick the one whose
// signed evidence they export: every material policy version after a
// policy's first, and every subprocessor list version after the first (what
// the policy sync announces to subscribers), with how many subscribers were
// notified and how the delivery went. Needs change-evidence:export.

import type { Principal } from '../auth/principal.ts';
import { requirePermission } from '../auth/require-permission.ts';
import { policiesOf, versionsOf } from '../policies/policies.service.ts';
import { noticeCountsOf } from '../subscriptions/notice-records.service.ts';
import type { RequestUseCaseContext } from '../use-case-context.ts';
import { POLICY_EVIDENCE_PERMISSION } from './evidence.service.ts';
import { listVersionsOf } from './subprocessors.service.ts';

export interface AnnouncedChangeSummary {
  kind: 'POLICY_VERSION' | 'SUBPROCESSOR_LIST';
  /** The policy's slug; null for a subprocessor list. */
  document: string | null;
  /** What people read: the policy's title, or "Subprocessor list". */
  title: string;
  version: string;
  summary: string;
  announcedAt: Date;
  effectiveAt: Date;
  notified: number;
  delivered: number;
  failed: number;
}

/** Newest announcement first. */
export async function announcedChangesOf(
  context: Pick<RequestUseCaseContext, 'db' | 'loaders' | 'policyCatalog' | 'now'>,
  principal: Principal,
  organizationId: string,
): Promise<AnnouncedChangeSummary[]> {
  requirePermission(principal, organizationId, POLICY_EVIDENCE_PERMISSION);
  // Asked for all at once, the versions loader reads every policy's versions in one query.
  const policies = await policiesOf(context, organizationId);
  const versionsOfEach = await Promise.all(policies.map((policy) => versionsOf(context, policy.id)));
  const policyChanges = policies.flatMap((policy, index) =>
    // Newest effective first: the last is the policy's first version, which announced nothing.
    (versionsOfEach[index] ?? [])
      .slice(0, -1)
      .filter((version) => version.material)
      .map((version) => ({ policy, version })),
  );
  // Newest version first: the last is the organization's first list, which announced nothing.
  const lists = (await listVersionsOf(context, organizationId)).slice(0, -1);
  const counts = await noticeCountsOf(context.db, {
    policyVersionIds: policyChanges.map(({ version }) => version.id),
    subprocessorListVersionIds: lists.map((list) => list.id),
  });
  const countsOf = (id: string) => {
    const found = counts.find((count) => count.policyVersionId === id || count.subprocessorListVersionId === id);
    return { notified: found?.notified ?? 0, delivered: found?.delivered ?? 0, failed: found?.failed ?? 0 };
  };
  const changes: AnnouncedChangeSummary[] = [
    ...policyChanges.map(({ policy, version }) => ({
      kind: 'POLICY_VERSION' as const,
      document: policy.slug,
      title: version.title,
      version: version.version,
      summary: version.summary,
      announcedAt: version.publishedAt,
      effectiveAt: version.effectiveAt,
      ...countsOf(version.id),
    })),
    ...lists.map((list) => ({
      kind: 'SUBPROCESSOR_LIST' as const,
      document: null,
      title: 'Subprocessor list',
      version: list.version,
      summary: list.summary,
      announcedAt: list.announcedAt,
      effectiveAt: list.effectiveAt,
      ...countsOf(list.id),
    })),
  ];
  return changes.toSorted((a, b) => b.announcedAt.getTime() - a.announcedAt.getTime() || a.title.localeCompare(b.title));
}
