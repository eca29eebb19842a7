import { nearKnownRegions, regionOfZone } from '../cloud-regions';
import type { DataPlaneSpec } from '../model/platform';
import { isRegionOrZone, isZoneName } from '../names';
import { problem, show, type Problem } from '../problems';

/** A region's spelling, and whether it is a near miss of a known cloud region. */
export function checkRegion(path: string, region: string, allowUnlisted = false): Problem[] {
  if (!isRegionOrZone(region)) {
    return [problem(`${path}/region`, `region ${show(region)} is not a valid region name`, "use the cloud's region id in lower case, e.g. 'us-east-1' or 'europe-west1'")];
  }
  const near = allowUnlisted ? [] : nearKnownRegions(region);
  if (near.length === 0) return [];
  return [
    problem(
      `${path}/region`,
      `region ${show(region)} is not a known cloud region; did you mean ${near.map(show).join(' or ')}?`,
      `correct the region, or set allowUnlistedRegion: true if ${show(region)} is a region missing from this library's table`,
    ),
  ];
}

/** Zone spelling, repeats, and zones whose name puts them in another region. */
export function checkZones(dp: DataPlaneSpec, regionIsValid: boolean): Problem[] {
  const problems: Problem[] = [];
  const path = `${dp.path}/zones`;
  if (dp.zones.length === 0) problems.push(problem(path, 'no zones given', "list the cluster's availability zones, e.g. ['us-east-1a', 'us-east-1b', 'us-east-1c']"));
  const seen = new Set<string>();
  for (const zone of dp.zones) {
    if (!isZoneName(zone)) problems.push(problem(path, `zone ${show(zone)} is not a valid zone name`, "use the value of the nodes' topology.kubernetes.io/zone label, e.g. 'us-east-1a'"));
    if (seen.has(zone)) problems.push(problem(path, `zone ${show(zone)} is listed twice`, 'list each zone once'));
    seen.add(zone);
    // With the region itself wrong, every zone would be reported again for it.
    const zoneRegion = regionIsValid ? regionOfZone(zone) : undefined;
    if (zoneRegion !== undefined && zoneRegion !== dp.region) {
      problems.push(
        problem(path, `zone ${show(zone)} is in region ${show(zoneRegion)}, not in the data plane's region ${show(dp.region)}`, `list zones of ${show(dp.region)}, or set the data plane's region to ${show(zoneRegion)} if that is where its cluster runs`),
      );
    }
  }
  return problems;
}
