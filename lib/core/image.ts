/** A container image reference split into the parts we check and override. */
export interface ImageReference {
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImage(ref: string): ImageReference {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const firstSlash = rest.indexOf('/');
  const head = firstSlash >= 0 ? rest.slice(0, firstSlash) : '';
  // Docker's rule: the first component is a registry only if it looks like a host.
  const hasRegistry = firstSlash >= 0 && (head.includes('.') || head.includes(':') || head === 'localhost');
  return {
    registry: hasRegistry ? head : undefined,
    repository: hasRegistry ? rest.slice(firstSlash + 1) : rest,
    tag: tag || undefined,
    digest: digest || undefined,
  };
}

export function formatImage(image: ImageReference): string {
  const base = image.registry ? `${image.registry}/${image.repository}` : image.repository;
  return `${base}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
}

/** Pinned means a digest, or a tag that is not a moving one. */
export function isPinnedImage(ref: string): boolean {
  const image = parseImage(ref);
  if (image.digest) return /^sha256:[a-f0-9]{64}$/.test(image.digest);
  return image.tag !== undefined && image.tag !== 'latest';
}

/** Moves an image to another registry (mirrors, air-gapped installs), keeping repository and tag. */
export function withRegistry(ref: string, registry: string | undefined): string {
  if (!registry) return ref;
  return formatImage({ ...parseImage(ref), registry });
}
