import { lines } from './plan-platform';

const NEXT = 'docker.io/k8ssandra/k8ssandra-operator:v1.32.6';
const CASS_NEXT = 'docker.io/k8ssandra/cass-operator:v1.30.4';
const OPERATOR_NEXT = 'ghcr.io/mission-control-constructs/mission-control-operator:v0.1.1';

describe('operator upgrades', () => {
  test('one data plane at a time is safe and says what upstream does to the running clusters', () => {
    // us-east shares the control plane's cluster: its k8ssandra-operator is the control-plane one, upgraded before.
    expect(lines({ images: { 'us-east': NEXT } }, { images: { 'us-east': NEXT, 'eu-west': NEXT } })).toEqual([
      expect.stringMatching(/^safe data-plane-eu-west\/operators\/k8ssandra-operator: k8ssandra-operator docker.io\/k8ssandra\/k8ssandra-operator:v1.32.5 -> .*v1.32.6: running clusters are not restarted: .*RequiresUpdate/),
    ]);
  });

  test('the control-plane-mode k8ssandra-operator is named as such', () => {
    expect(lines({}, { images: { 'us-east': NEXT } })).toEqual([expect.stringMatching(/^safe data-plane-us-east\/operators\/k8ssandra-operator: k8ssandra-operator \(control-plane mode\)/)]);
  });

  test('the control-plane operator alone is safe', () => {
    expect(lines({}, { controlPlaneImage: OPERATOR_NEXT })).toEqual([
      expect.stringMatching(/^safe control-plane\/operators\/mission-control-operator: the control-plane operator .*:v0.1.0 -> .*:v0.1.1: the standby replica takes the Lease/),
    ]);
  });

  test('the control plane and a data plane at once is risky, with the steps', () => {
    const changes = lines({}, { controlPlaneImage: OPERATOR_NEXT, cassImages: { 'eu-west': CASS_NEXT } });
    expect(changes).toHaveLength(2);
    for (const c of changes) expect(c).toMatch(/^risky .*upgrades operators in control-plane and in data-plane-eu-west at once; split it into steps: control-plane alone first, then one data plane per change$/);
  });

  test('two data planes at once is risky, with the steps', () => {
    const changes = lines({ apSouth: true }, { apSouth: true, cassImages: { 'eu-west': CASS_NEXT, 'ap-south': CASS_NEXT } });
    expect(changes).toEqual([
      expect.stringMatching(/^risky data-plane-ap-south\/operators\/cass-operator: .*upgrades operators in data-plane-ap-south, data-plane-eu-west at once; split it into steps: one data plane per change/),
      expect.stringMatching(/^risky data-plane-eu-west\/operators\/cass-operator: /),
    ]);
  });

  test('a new data plane is an install, not an upgrade', () => {
    expect(lines({}, { apSouth: true }).filter((l) => l.includes('operators/'))).toEqual([]);
  });
});
