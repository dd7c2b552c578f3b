// Every requester page exists once per organization.
import { loadCatalog } from '../../lib/catalog.ts';

export async function organizationPaths() {
  const { organizations } = await loadCatalog();
  return organizations.map((organization) => ({ params: { org: organization.slug }, props: { organization } }));
}
