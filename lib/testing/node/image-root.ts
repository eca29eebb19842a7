import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, copyFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Places `source` (a prepared image filesystem) under `target` as hard links, the way a
 * container runtime lays an image's layers under a container's root: cheap per pod, and the
 * container sees the image's files at their paths. Paths already present in `target` (the
 * pod's volumes, written first) are left alone, so nothing is ever written through a link
 * into the shared image.
 */
export function linkImageRoot(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    const from = join(source, entry);
    const to = join(target, entry);
    const stat = lstatSync(from);
    if (stat.isDirectory()) {
      linkImageRoot(from, to);
    } else if (!existsSync(to)) {
      placeFile(from, to, stat.isSymbolicLink());
    }
  }
}

/** Hard-links (or, across file systems, copies) one file; symbolic links are re-created. */
export function placeFile(from: string, to: string, symbolic = lstatSync(from).isSymbolicLink()): void {
  mkdirSync(dirname(to), { recursive: true });
  if (symbolic) {
    symlinkSync(readlinkSync(from), to);
    return;
  }
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
