import { removeOrphanedRoots } from './api-servers';
import { ip } from './ip-command';
import { orphanedNamespaces } from './network';
import { orphanedServiceAddresses, removeServiceAddress } from './service-addresses';

/**
 * Removes what killed test runs left: their temporary directories, network namespaces and
 * Service addresses (their processes died with them). Runs of live processes are never
 * touched. Every harness start does this; call it yourself after a crash to clean up at once.
 */
export async function sweepOrphanedRuns(): Promise<{ namespaces: string[]; serviceAddresses: string[] }> {
  removeOrphanedRoots();
  const namespaces = await orphanedNamespaces();
  for (const n of namespaces) await ip('netns', 'delete', n).catch(() => undefined);
  const serviceAddresses = await orphanedServiceAddresses();
  for (const a of serviceAddresses) await removeServiceAddress(a);
  return { namespaces, serviceAddresses };
}
