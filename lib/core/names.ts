const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1035 label: lower-case alphanumerics and '-', starting with a letter, at most 63 chars. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS_1035_LABEL.test(value);
}

/** A DNS-1123 label: like DNS-1035 but may start with a digit. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS_1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS_1123_SUBDOMAIN.test(value);
}

/**
 * Cloud regions and zones as the major providers and `topology.kubernetes.io/*` labels spell
 * them (`us-east-1`, `europe-west1`, `eastus2`, `us-east-1a`): lower-case letters, digits and
 * '-', starting with a letter, and a valid label value.
 */
export function isRegionOrZone(value: string): boolean {
  return value.length <= 63 && /^[a-z][a-z0-9-]*[a-z0-9]$/.test(value);
}

/**
 * A zone as nodes carry it in `topology.kubernetes.io/zone`: like a region, or a bare number
 * (Azure's `1`, `2`, `3`).
 */
export function isZoneName(value: string): boolean {
  return isRegionOrZone(value) || /^\d+$/.test(value);
}
