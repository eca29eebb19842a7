import { resolveControlPlane, resolveDataPlane, type ControlPlaneOptions, type DataPlaneOptions } from '../../lib/core/defaults';
import type { Problem } from '../../lib/core/problems';
import { validatePlatform } from '../../lib/core/validation/validate-platform';

/** A valid data plane in eu-west-1; override any option. */
export const dataPlane = (overrides: Partial<DataPlaneOptions> = {}): DataPlaneOptions => ({ name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], ...overrides });

/** The problems of a platform of one control plane in us-east-1 (path `cp`) and these data planes (`dp0`, ...). */
export function platformProblems(dataPlanes: DataPlaneOptions[], controlPlane: Partial<ControlPlaneOptions> = {}): Problem[] {
  return validatePlatform({
    controlPlanes: [resolveControlPlane('cp', { region: 'us-east-1', ...controlPlane })],
    dataPlanes: dataPlanes.map((options, i) => resolveDataPlane(`dp${i}`, options, { type: 'none' })),
  });
}
