// Reading subprocessor lists: the versions an organization has announced,
// the one in force at an instant, the next one, and what changed between
// two. Lists are public, like the policies they complete, and hidden until
// the day they are announced. An organization's whole history is read once
// per request through a request-scoped DataLoader: a query for every version
// with its changes (each comparing with the version before) then costs one
// SQL statement, not one per version.

import type { Db } from '@governance/db';
import { compareVersions } from '@governance/policies/schema';
import { type RegisterChange, registerChanges } from '@governance/policies/subprocessors/changes';
import { upcomingVersion, versionInForce } from '@governance/policies/vocabulary/version-in-force';
import DataLoader from 'dataloader';
import { DomainError } from '../shared/domain-error.ts';
import type { SubprocessorListVersion } from './models.ts';
import * as repository from './subprocessors.repository.ts';

export interface SubprocessorLoaders {
  /** Every stored version of each organization's list (announced or not), oldest effective first. */
  subprocessorListsByOrganizationId: DataLoader<string, SubprocessorListVersion[]>;
}

export function createSubprocessorLoaders(db: Db): SubprocessorLoaders {
  return {
    subprocessorListsByOrganizationId: new DataLoader(async (organizationIds) => {
      const byOrganization = Map.groupBy(await repository.listVersionsOf(db, organizationIds), (version) => version.organizationId);
      return organizationIds.map((id) => byOrganization.get(id) ?? []);
    }),
  };
}

interface ListReads {
  loaders: SubprocessorLoaders;
  now: Date;
}

/** Reads for a use case that runs outside a GraphQL request (objections, evidence): a loader of its own. */
export const listReadsAt = (db: Db, now: Date): ListReads => ({ loaders: createSubprocessorLoaders(db), now });

/** Announced versions of the organization's list, newest version first. */
export async function listVersionsOf({ loaders, now }: ListReads, organizationId: string): Promise<SubprocessorListVersion[]> {
  const versions = await loaders.subprocessorListsByOrganizationId.load(organizationId);
  return versions.filter((version) => version.announcedAt.getTime() <= now.getTime()).sort((a, b) => compareVersions(b.version, a.version));
}

/** The list in force at `at`: null before the organization's first list took effect. */
export async function listInForceAt(context: ListReads, organizationId: string, at: Date): Promise<SubprocessorListVersion | null> {
  return versionInForce(await listVersionsOf(context, organizationId), at);
}

/** The announced list that takes effect next: the change customers may still object to. */
export async function upcomingListOf(context: ListReads, organizationId: string): Promise<SubprocessorListVersion | null> {
  return upcomingVersion(await listVersionsOf(context, organizationId), context.now);
}

export async function listVersion(context: ListReads, organizationId: string, version: string): Promise<SubprocessorListVersion | null> {
  return (await listVersionsOf(context, organizationId)).find((candidate) => candidate.version === version) ?? null;
}

/** What a version changed from the version before it (every entry added, for the first). */
export async function changesOf(context: ListReads, list: SubprocessorListVersion): Promise<RegisterChange[]> {
  const versions = await listVersionsOf(context, list.organizationId);
  const previous = versions.find((candidate) => compareVersions(candidate.version, list.version) < 0);
  return registerChanges(previous?.entries ?? [], list.entries);
}

export interface ListDiff {
  from: SubprocessorListVersion;
  to: SubprocessorListVersion;
  changes: RegisterChange[];
}

/** @throws DomainError VERSION_NOT_FOUND naming the argument whose version is unknown or not yet announced. */
export async function diffLists(context: ListReads, organizationId: string, from: string, to: string): Promise<ListDiff> {
  const [fromList, toList] = await Promise.all([listVersion(context, organizationId, from), listVersion(context, organizationId, to)]);
  if (!fromList)
    throw new DomainError('VERSION_NOT_FOUND', `This organization has no announced subprocessor list "${from}".`, { field: 'from' });
  if (!toList) throw new DomainError('VERSION_NOT_FOUND', `This organization has no announced subprocessor list "${to}".`, { field: 'to' });
  return { from: fromList, to: toList, changes: registerChanges(fromList.entries, toList.entries) };
}
