import { lines } from './plan-platform';
import { Delivery } from '../../lib';

describe.each([['Retain' as const], ['Delete' as const]])('delivery switch with deletionPolicy %s', (deletionPolicy) => {
  const staticInput = { delivery: Delivery.STATIC, deletionPolicy };
  const reconciledInput = { delivery: Delivery.RECONCILED, deletionPolicy };

  test('static -> reconciled is one change, with no findings for what merely moves', () => {
    const changes = lines(staticInput, reconciledInput);
    expect(changes).toEqual([deletionPolicy === 'Retain'
      ? expect.stringMatching(/^safe orders\/delivery: delivery static -> reconciled: .*retained \(Prune=false\).*takes it over with an unchanged spec/)
      : expect.stringMatching(/^forbidden orders\/delivery: delivery static -> reconciled with deletionPolicy Delete: the GitOps tool prunes the K8ssandraCluster/)]);
  });

  test('reconciled -> static is one change, with no findings for what merely moves', () => {
    const changes = lines(reconciledInput, staticInput);
    expect(changes).toEqual([deletionPolicy === 'Retain'
      ? expect.stringMatching(/^risky orders\/delivery: delivery reconciled -> static: .*delete the MissionControlCluster/)
      : expect.stringMatching(/^forbidden orders\/delivery: delivery reconciled -> static with deletionPolicy Delete/)]);
  });
});
