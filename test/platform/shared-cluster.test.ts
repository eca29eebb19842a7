import { dataPlane, platformProblems } from '../support/platform-problems';

const local = dataPlane({ name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true });

test('a data plane in the control plane\'s cluster is in the control plane\'s region', () => {
  expect(platformProblems([{ ...local, region: 'us-west-2', zones: ['us-west-2a'] }])).toEqual([
    {
      path: 'dp0/region',
      message: 'data plane "us-east" runs in the control plane\'s cluster (inControlPlaneCluster: true), but its region "us-west-2" differs from the control plane\'s region "us-east-1"',
      fix: 'use the control plane\'s region "us-east-1", or drop inControlPlaneCluster if this data plane has a cluster of its own',
    },
  ]);
});

test('a data plane in the control plane\'s cluster does not share the control plane\'s namespace', () => {
  expect(platformProblems([{ ...local, namespace: 'mission-control' }], { k8ssandraNamespace: 'mission-control' })).toEqual([
    {
      path: 'dp0/namespace',
      message: 'data plane "us-east" shares the control plane\'s cluster and its namespace "mission-control": both folders would write a Namespace "mission-control", with different labels and Pod Security levels',
      fix: "give the data plane a namespace of its own, e.g. 'k8ssandra-operator' (the default), and the ControlPlane's k8ssandraNamespace with it",
    },
  ]);
});

test('the namespace conflict is reported alone, not with the k8ssandraNamespace rule pointing into it', () => {
  expect(platformProblems([{ ...local, namespace: 'mission-control' }]).map((p) => p.message)).toEqual([expect.stringContaining('both folders would write a Namespace')]);
});

test('a control plane installing its own k8ssandra-operator keeps it out of its own namespace', () => {
  expect(platformProblems([dataPlane()], { k8ssandraNamespace: 'mission-control' })).toEqual(
    expect.arrayContaining([
      {
        path: 'cp/k8ssandraNamespace',
        message: 'k8ssandraNamespace "mission-control" is the control plane\'s own namespace: the control-plane folder would write two Namespace objects "mission-control", with different labels and Pod Security levels',
        fix: "use another namespace for the k8ssandra-operator, e.g. 'k8ssandra-operator' (the default)",
      },
    ]),
  );
});
