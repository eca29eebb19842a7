/**
 * A small table of the public regions of AWS, Google Cloud and Azure, and how each names its
 * regions and zones. It is not exhaustive and clouds keep adding regions: it exists to catch
 * typos (`eu-wset-1`) and zones of another region, not to restrict where a platform runs.
 * A region matching no provider's naming (a private cloud, another provider) is never judged.
 */

export enum CloudProvider {
  AWS = 'AWS',
  GCP = 'Google Cloud',
  AZURE = 'Azure',
}

interface ProviderNaming {
  readonly region: RegExp;
  /** Group 1 is the region the zone is in. */
  readonly zone: RegExp;
  readonly regions: readonly string[];
}

export const CLOUD_NAMING: Readonly<Record<CloudProvider, ProviderNaming>> = {
  [CloudProvider.AWS]: {
    region: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/,
    // us-east-1a; local and wavelength zones: us-east-1-bos-1a, us-east-1-wl1-bos-wlz-1.
    zone: /^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)(?:[a-z]|-[a-z0-9-]+)$/,
    regions: [
      'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'us-gov-east-1', 'us-gov-west-1',
      'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
      'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
      'il-central-1', 'me-south-1', 'me-central-1', 'af-south-1',
      'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
      'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
      'cn-north-1', 'cn-northwest-1',
    ],
  },
  [CloudProvider.GCP]: {
    region: /^[a-z]+-[a-z]+\d+$/,
    zone: /^([a-z]+-[a-z]+\d+)-[a-z]$/,
    regions: [
      'africa-south1', 'asia-east1', 'asia-east2', 'asia-northeast1', 'asia-northeast2', 'asia-northeast3', 'asia-south1', 'asia-south2',
      'asia-southeast1', 'asia-southeast2', 'australia-southeast1', 'australia-southeast2',
      'europe-central2', 'europe-north1', 'europe-north2', 'europe-southwest1', 'europe-west1', 'europe-west2', 'europe-west3', 'europe-west4',
      'europe-west6', 'europe-west8', 'europe-west9', 'europe-west10', 'europe-west12',
      'me-central1', 'me-central2', 'me-west1', 'northamerica-northeast1', 'northamerica-northeast2', 'northamerica-south1',
      'southamerica-east1', 'southamerica-west1',
      'us-central1', 'us-east1', 'us-east4', 'us-east5', 'us-south1', 'us-west1', 'us-west2', 'us-west3', 'us-west4',
    ],
  },
  [CloudProvider.AZURE]: {
    region: /^[a-z]+\d?$/,
    // AKS labels nodes `<region>-<n>`; bare `1`, `2`, `3` name no region and are not judged.
    zone: /^([a-z]+\d?)-\d$/,
    regions: [
      'eastus', 'eastus2', 'westus', 'westus2', 'westus3', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus',
      'canadacentral', 'canadaeast', 'brazilsouth', 'brazilsoutheast', 'mexicocentral', 'chilecentral',
      'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth',
      'switzerlandnorth', 'switzerlandwest', 'norwayeast', 'norwaywest', 'swedencentral', 'polandcentral', 'italynorth', 'spaincentral',
      'austriaeast', 'belgiumcentral', 'uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral', 'southafricanorth', 'southafricawest',
      'centralindia', 'southindia', 'westindia', 'jioindiawest', 'jioindiacentral', 'eastasia', 'southeastasia', 'japaneast', 'japanwest',
      'koreacentral', 'koreasouth', 'australiaeast', 'australiasoutheast', 'australiacentral', 'australiacentral2', 'newzealandnorth',
      'indonesiacentral', 'malaysiawest', 'usgovvirginia', 'usgovarizona', 'usgovtexas',
    ],
  },
};

const PROVIDERS = Object.values(CloudProvider);

export function isKnownRegion(region: string): boolean {
  return PROVIDERS.some((p) => CLOUD_NAMING[p].regions.includes(region));
}

/**
 * Known regions a region that is not in the table is probably a typo of: same provider
 * naming, at most 2 edits away (a swap of two letters counts as one); the nearest only.
 */
export function nearKnownRegions(region: string): string[] {
  if (isKnownRegion(region)) return [];
  const candidates = PROVIDERS.filter((p) => CLOUD_NAMING[p].region.test(region))
    .flatMap((p) => CLOUD_NAMING[p].regions.map((known) => ({ known, distance: editDistance(region, known) })))
    .filter((c) => c.distance <= 2);
  const nearest = Math.min(...candidates.map((c) => c.distance));
  return candidates.filter((c) => c.distance === nearest).map((c) => c.known);
}

/**
 * The region a zone is in, where its provider's naming says so; undefined when it does not
 * (Azure's bare `1`, a private cloud's own names). Azure's `<region>-<n>` shape is too
 * generic (`rack-1`), so it counts only for regions in the table.
 */
export function regionOfZone(zone: string): string | undefined {
  for (const provider of PROVIDERS) {
    const naming = CLOUD_NAMING[provider];
    const region = naming.zone.exec(zone)?.[1];
    if (region === undefined || !naming.region.test(region)) continue;
    if (provider === CloudProvider.AZURE && !naming.regions.includes(region)) continue;
    return region;
  }
  return undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_row, i) => Array.from({ length: b.length + 1 }, (_column, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
