/**
 * The API group of this project's own custom resources. A domain the project owns, so our
 * kinds never collide with upstream's or a vendor's (`missioncontrol.datastax.com`).
 */
export const API_GROUP = 'missioncontrol.mission-control-constructs.dev';
export const API_VERSION = 'v1alpha1';
export const GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;

export const MISSION_CONTROL_CLUSTER_KIND = 'MissionControlCluster';
export const DATA_PLANE_REGISTRATION_KIND = 'DataPlaneRegistration';
export const MISSION_CONTROL_TASK_KIND = 'MissionControlTask';

/** Label prefix for labels and annotations this project writes. */
export const LABEL_PREFIX = 'mission-control-constructs.dev';
