import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { corePath, type KubeApi, type Obj } from './kube-api';

/** A container of a pod spec, as far as the kubelet stand-in reads it. */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean }; prefix?: string }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: Array<{ name: string; mountPath: string; subPath?: string; readOnly?: boolean }>;
  securityContext?: { runAsUser?: number; runAsGroup?: number };
}

export interface Probe {
  httpGet?: { path?: string; port: number | string; scheme?: string };
  tcpSocket?: { port: number | string };
  periodSeconds?: number;
  initialDelaySeconds?: number;
  failureThreshold?: number;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: { resource: string; containerName?: string };
  };
}

/** Raised while a pod's inputs (a Secret, a ConfigMap) do not exist yet; the kubelet retries. */
export class PodNotReadyToStart extends Error {}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

function fieldPathValue(pod: Obj, path: string, podIp: string | undefined, hostIp: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (pod.metadata[m[1] as 'labels' | 'annotations'] ?? {})[m[2]] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace ?? 'default';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? 'default';
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'status.podIP': return podIp ?? '';
    case 'status.hostIP': return hostIp;
    default: throw new Error(`downward API field ${path} is not supported by the kubelet stand-in`);
  }
}

/** Reads the Secret or ConfigMap a pod refers to; a missing required one stops the start. */
async function keyedData(
  api: KubeApi,
  namespace: string,
  kind: 'secrets' | 'configmaps',
  name: string,
  optional: boolean | undefined,
): Promise<Record<string, string> | undefined> {
  const obj = await api.get(corePath(kind, namespace, name));
  if (!obj) {
    if (optional) return undefined;
    throw new PodNotReadyToStart(`${kind === 'secrets' ? 'secret' : 'configmap'} "${name}" not found`);
  }
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.data ?? {})) data[k] = kind === 'secrets' ? decode(v) : v;
  if (kind === 'configmaps') for (const [k, v] of Object.entries((obj as { binaryData?: Record<string, string> }).binaryData ?? {})) data[k] = decode(v);
  return data;
}

/** Kubernetes' `$(VAR)` expansion in command, args and env values; `$$` escapes. */
export function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return name !== undefined && name in env ? env[name] : whole;
  });
}

/** The environment the container would see (kubelet semantics), plus `extra` first (service env vars). */
export async function containerEnv(
  api: KubeApi,
  pod: Obj,
  container: Container,
  ips: { podIp?: string; hostIp: string },
  extra: Record<string, string>,
): Promise<Record<string, string>> {
  const ns = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = { ...extra };
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const data = await keyedData(api, ns, from.configMapRef ? 'configmaps' : 'secrets', ref.name, ref.optional);
    for (const [k, v] of Object.entries(data ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const v of container.env ?? []) {
    if (v.valueFrom?.fieldRef) {
      env[v.name] = fieldPathValue(pod, v.valueFrom.fieldRef.fieldPath, ips.podIp, ips.hostIp);
    } else if (v.valueFrom?.secretKeyRef || v.valueFrom?.configMapKeyRef) {
      const ref = (v.valueFrom.secretKeyRef ?? v.valueFrom.configMapKeyRef)!;
      const data = await keyedData(api, ns, v.valueFrom.secretKeyRef ? 'secrets' : 'configmaps', ref.name, ref.optional);
      if (data && ref.key in data) env[v.name] = data[ref.key];
      else if (!ref.optional) throw new PodNotReadyToStart(`key "${ref.key}" not found in "${ref.name}"`);
    } else if (v.valueFrom?.resourceFieldRef) {
      env[v.name] = '1';
    } else {env[v.name] = expand(v.value ?? '', env);}
  }
  return env;
}

interface Volume {
  name: string;
  emptyDir?: unknown;
  secret?: { secretName: string; items?: Array<{ key: string; path: string }>; optional?: boolean; defaultMode?: number };
  configMap?: { name: string; items?: Array<{ key: string; path: string }>; optional?: boolean; defaultMode?: number };
  projected?: { sources: ProjectedSource[]; defaultMode?: number };
}

interface ProjectedSource {
  serviceAccountToken?: { path: string; expirationSeconds?: number; audience?: string };
  configMap?: { name: string; items?: Array<{ key: string; path: string }>; optional?: boolean };
  secret?: { name: string; items?: Array<{ key: string; path: string }>; optional?: boolean };
  downwardAPI?: { items: Array<{ path: string; fieldRef?: { fieldPath: string } }> };
}

function writeFiles(dir: string, data: Record<string, string>, items: Array<{ key: string; path: string }> | undefined, mode: number): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const entries = items ? items.filter((i) => i.key in data).map((i) => [i.path, data[i.key]] as const) : Object.entries(data);
  for (const [path, content] of entries) {
    mkdirSync(dirname(join(dir, path)), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, path), content, { mode });
  }
}

async function serviceAccountToken(api: KubeApi, pod: Obj, source: NonNullable<ProjectedSource['serviceAccountToken']>): Promise<string> {
  const ns = pod.metadata.namespace ?? 'default';
  const sa = pod.spec.serviceAccountName ?? 'default';
  // The kubelet asks for a token bound to the pod, so it dies with the pod.
  const res = await api.create(`${corePath('serviceaccounts', ns, sa)}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      ...(source.audience ? { audiences: [source.audience] } : {}),
      expirationSeconds: source.expirationSeconds ?? 3607,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
    },
  });
  const token = (res?.status as { token?: string } | undefined)?.token;
  if (!token) throw new PodNotReadyToStart(`no token for service account ${ns}/${sa}`);
  return token;
}

/**
 * Writes the container's volumes into `rootfs` at their mount paths, as the kubelet would mount
 * them: Secrets and ConfigMaps as files, projected service-account tokens from a TokenRequest,
 * emptyDirs as writable directories owned by the container's user.
 */
export async function materialiseVolumes(api: KubeApi, pod: Obj, container: Container, rootfs: string, uid: number, gid: number): Promise<void> {
  const ns = pod.metadata.namespace ?? 'default';
  const volumes = new Map<string, Volume>(((pod.spec.volumes ?? []) as Volume[]).map((v) => [v.name, v]));
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.get(mount.name);
    if (!volume) throw new Error(`volume mount ${mount.name} has no volume`);
    const target = join(rootfs, mount.mountPath, mount.subPath ?? '');
    if (volume.emptyDir !== undefined) {
      mkdirSync(target, { recursive: true, mode: 0o777 });
      chownSync(target, uid, gid);
    } else if (volume.secret) {
      const data = await keyedData(api, ns, 'secrets', volume.secret.secretName, volume.secret.optional);
      writeFiles(target, data ?? {}, volume.secret.items, volume.secret.defaultMode ?? 0o644);
    } else if (volume.configMap) {
      const data = await keyedData(api, ns, 'configmaps', volume.configMap.name, volume.configMap.optional);
      writeFiles(target, data ?? {}, volume.configMap.items, volume.configMap.defaultMode ?? 0o644);
    } else if (volume.projected) {
      const mode = volume.projected.defaultMode ?? 0o644;
      for (const source of volume.projected.sources) {
        if (source.serviceAccountToken) {
          writeFiles(target, { [source.serviceAccountToken.path]: await serviceAccountToken(api, pod, source.serviceAccountToken) }, undefined, mode);
        } else if (source.configMap || source.secret) {
          const ref = (source.configMap ?? source.secret)!;
          const data = await keyedData(api, ns, source.configMap ? 'configmaps' : 'secrets', ref.name, ref.optional);
          writeFiles(target, data ?? {}, ref.items, mode);
        } else if (source.downwardAPI) {
          const files: Record<string, string> = {};
          for (const item of source.downwardAPI.items) if (item.fieldRef) files[item.path] = fieldPathValue(pod, item.fieldRef.fieldPath, undefined, '');
          writeFiles(target, files, undefined, mode);
        }
      }
    } else {
      throw new Error(`volume ${mount.name}: only emptyDir, secret, configMap and projected volumes are supported by the kubelet stand-in`);
    }
  }
}

/** The container port number a probe's named or numbered port refers to. */
export function probePort(container: Container, port: number | string): number {
  if (typeof port === 'number') return port;
  const found = container.ports?.find((p) => p.name === port);
  if (!found) throw new Error(`container ${container.name} has no port named ${port}`);
  return found.containerPort;
}
