import { lines, synth } from './plan-platform';
import { formatPlan, planChanges } from '../../lib/core/topology/plan';

describe('data plane removal', () => {
  test('blocked while a DC is placed in it', () => {
    const changes = lines({ apSouth: true, dcs: ['us-east', 'eu-west', 'ap-south'] }, { dcs: ['us-east', 'eu-west'] });
    expect(changes).toContainEqual(expect.stringMatching(/^forbidden data-plane-ap-south\/: data plane ap-south removed while DCs orders\/dc3 are placed in it: .*orphaned; remove those DCs .*then remove the data plane in a later change/));
  });

  test('safe once no DC is placed in it', () => {
    expect(lines({ apSouth: true }, {})).toEqual(['safe data-plane-ap-south/: data plane ap-south removed: no DC is placed in it']);
  });
});

test('platform changes are printed by plane and counted', () => {
  const text = formatPlan(planChanges(synth({ apSouth: true, dcs: ['us-east', 'ap-south'] }), synth({ dcs: ['us-east'] })));
  expect(text.split('\n')[0]).toMatch(/^FORBIDDEN data-plane-ap-south: data plane ap-south removed/);
  expect(planChanges(synth(), synth()).changes).toEqual([]);
});
