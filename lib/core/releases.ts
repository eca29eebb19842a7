import { parseImage } from './image';

/** An operator release, `vMAJOR.MINOR.PATCH`, as upstream tags its images. */
export interface Release {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const RELEASE = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]+)?$/;

/**
 * The release a tag names: `v1.32.5`, `1.32.5`, or with a suffix a mirror may add
 * (`v1.32.5-fips`), which is ignored. Undefined for anything else (`latest`, `main`).
 */
export function parseRelease(tag: string | undefined): Release | undefined {
  const m = tag === undefined ? null : RELEASE.exec(tag);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

/** The release an image's tag names; undefined for a digest-only or non-release tag. */
export function releaseOfImage(image: string): Release | undefined {
  return parseRelease(parseImage(image).tag);
}

/** Negative when a is older than b, 0 for the same release, positive when newer. */
export function compareReleases(a: Release, b: Release): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** `v1.32.5` */
export const formatRelease = (r: Release): string => `v${r.major}.${r.minor}.${r.patch}`;

/** `1.32`: the line a release belongs to. */
export const releaseLine = (r: Release): string => `${r.major}.${r.minor}`;
