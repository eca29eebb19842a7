import { editDistance, nearKnownRegions, regionOfZone } from '../../lib/core/cloud-regions';
import { dataPlane, platformProblems } from '../support/platform-problems';

test('a near miss of a known region is a typo, with the regions it probably means', () => {
  expect(platformProblems([dataPlane({ region: 'eu-wset-1', zones: ['eu-wset-1a'] })])).toEqual([
    {
      path: 'dp0/region',
      message: 'region "eu-wset-1" is not a known cloud region; did you mean "eu-west-1"?',
      fix: 'correct the region, or set allowUnlistedRegion: true if "eu-wset-1" is a region missing from this library\'s table',
    },
  ]);
});

test('a typo of a control-plane region is reported too, for each provider naming', () => {
  expect(platformProblems([], { region: 'europe-wset1' })).toEqual([
    {
      path: 'cp/region',
      message: 'region "europe-wset1" is not a known cloud region; did you mean "europe-west1"?',
      fix: 'correct the region, or set allowUnlistedRegion: true if "europe-wset1" is a region missing from this library\'s table',
    },
  ]);
  expect(nearKnownRegions('westeruope')).toEqual(['westeurope']);
});

test('allowUnlistedRegion accepts a region missing from the table', () => {
  expect(platformProblems([dataPlane({ region: 'eu-west-4', zones: ['eu-west-4a'], allowUnlistedRegion: true })], { region: 'us-east-7', allowUnlistedRegion: true })).toEqual([]);
});

test('a region following no provider naming is not judged (private clouds, other providers)', () => {
  expect(platformProblems([dataPlane({ region: 'dc-berlin', zones: ['rack-1', 'rack-2'] })], { region: 'fra1' })).toEqual([]);
});

test('an AWS zone outside its data plane\'s region', () => {
  expect(platformProblems([dataPlane({ zones: ['eu-west-1a', 'eu-west-2b'] })])).toEqual([
    {
      path: 'dp0/zones',
      message: 'zone "eu-west-2b" is in region "eu-west-2", not in the data plane\'s region "eu-west-1"',
      fix: 'list zones of "eu-west-1", or set the data plane\'s region to "eu-west-2" if that is where its cluster runs',
    },
  ]);
});

test('a Google Cloud zone outside its data plane\'s region', () => {
  expect(platformProblems([dataPlane({ region: 'europe-west1', zones: ['europe-west1-b', 'europe-west4-a'] })])).toEqual([
    {
      path: 'dp0/zones',
      message: 'zone "europe-west4-a" is in region "europe-west4", not in the data plane\'s region "europe-west1"',
      fix: 'list zones of "europe-west1", or set the data plane\'s region to "europe-west4" if that is where its cluster runs',
    },
  ]);
});

test('Azure zones: bare numbers are accepted, AKS region-prefixed ones are checked', () => {
  expect(platformProblems([dataPlane({ region: 'westeurope', zones: ['1', '2', '3'] })])).toEqual([]);
  expect(platformProblems([dataPlane({ region: 'westeurope', zones: ['westeurope-1', 'northeurope-2'] })])).toEqual([
    {
      path: 'dp0/zones',
      message: 'zone "northeurope-2" is in region "northeurope", not in the data plane\'s region "westeurope"',
      fix: 'list zones of "westeurope", or set the data plane\'s region to "northeurope" if that is where its cluster runs',
    },
  ]);
});

test('zone naming: local and wavelength zones belong to their parent region', () => {
  expect(regionOfZone('us-east-1-bos-1a')).toBe('us-east-1');
  expect(regionOfZone('us-gov-west-1a')).toBe('us-gov-west-1');
  expect(regionOfZone('rack-1')).toBeUndefined();
  expect(editDistance('eu-wset-1', 'eu-west-1')).toBe(1);
});
