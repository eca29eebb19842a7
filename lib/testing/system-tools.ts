import { existsSync } from 'node:fs';

const DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];
const PACKAGES: Record<string, string> = { ip: 'iproute2', socat: 'socat', chroot: 'coreutils', unshare: 'util-linux', setpriv: 'util-linux' };

/**
 * Absolute path of a system tool the harness runs. Absolute, because the processes started
 * inside pods get the container's environment, whose PATH knows nothing of the host.
 */
export function systemTool(name: string): string {
  for (const dir of DIRS) {
    const path = `${dir}/${name}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`${name} is required by the test harness (apt-get install ${PACKAGES[name] ?? name})`);
}
