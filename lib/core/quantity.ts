/** Kubernetes quantity, as the API server parses it: '500m', '8Gi', '1.5', '1e3'. */
export const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

const SUFFIXES: Readonly<Record<string, number>> = {
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

export function isQuantity(value: unknown): value is string {
  return typeof value === 'string' && QUANTITY.test(value);
}

/** The quantity's value in base units (bytes for memory), or undefined if it is not one. */
export function quantityValue(value: string): number | undefined {
  if (!QUANTITY.test(value)) return undefined;
  const [, number, suffix = ''] = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?)([KMGTPE]i|[numkMGTPE])?$/.exec(value) ?? [];
  return number === undefined ? undefined : Number(number) * SUFFIXES[suffix];
}
