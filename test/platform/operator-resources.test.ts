import { dataPlane, platformProblems } from '../support/platform-problems';

test('operator resources are Kubernetes quantities', () => {
  expect(platformProblems([dataPlane({ cassOperator: { resources: { limits: { memory: '2 GB' } } } })], { operator: { resources: { requests: { cpu: '1 core' } } } })).toEqual([
    { path: 'cp/operator/resources/requests/cpu', message: 'cpu request "1 core" is not a Kubernetes quantity', fix: "write cpu as cores or millicores, e.g. '2' or '500m'" },
    { path: 'dp0/cassOperator/resources/limits/memory', message: 'memory limit "2 GB" is not a Kubernetes quantity', fix: "write memory as bytes with a suffix, e.g. '8Gi' or '512Mi'" },
  ]);
});
