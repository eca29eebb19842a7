import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ApiServerPlane } from './api-servers';
import type { KubeObject } from '../core/kube-object';
import { statusMessage } from '../kube/http';

/** Identifies one Kubernetes object, plus where it came from and where it went. */
export interface ObjRef {
  /** Group and version, e.g. 'apps/v1'. */
  readonly apiVersion: string;
  /** Kind, e.g. 'Deployment'. */
  readonly kind: string;
  /** Object name. */
  readonly name: string;
  /**
   * Absent for cluster-scoped objects.
   * @default - absent: a cluster-scoped object
   */
  readonly namespace?: string;
  /**
   * Plane the object was (or would have been) applied to.
   * @default - absent when no plane was involved
   */
  readonly plane?: string;
  /**
   * File the object was read from, when it came from a file.
   * @default - absent for objects passed in memory
   */
  readonly source?: string;
}

export type { KubeObject } from '../core/kube-object';

/** What happened to each object of an apply. Nothing is thrown for a single bad object. */
export interface ApplyReport {
  /** Objects the server accepted, in apply order. */
  readonly applied: ObjRef[];
  /** Objects the server refused, each with the server's message. */
  readonly rejected: { readonly ref: ObjRef; readonly message: string }[];
  /** Kustomization resources that were not read (remote URLs cannot be fetched in tests). */
  readonly skipped: { readonly folder: string; readonly resource: string; readonly reason: string }[];
  /** Admission webhook configurations left out because no webhook backend runs in tests. */
  readonly omittedWebhooks: ObjRef[];
  /** `Warning` headers returned for applied objects. */
  readonly warnings: { readonly ref: ObjRef; readonly message: string }[];
}

/** Options of {@link applyPlatform} and {@link applyObjects}. */
export interface ApplyOptions {
  /**
   * `'omit'` (default) leaves out Validating/MutatingWebhookConfigurations: with no operator
   * pods behind them, a `failurePolicy: Fail` webhook would reject every later write.
   * `'last'` applies them after everything else.
   * @default 'omit'
   */
  readonly webhooks?: 'last' | 'omit';
  /**
   * How long to wait for each CRD to be Established and discoverable. Defaults to 60 s.
   * @default 60000
   */
  readonly crdTimeoutMs?: number;
  /**
   * Called once everything else is applied and before the webhook configurations are, e.g. to
   * make the Services they name answer.
   * @default nothing is called
   */
  readonly beforeWebhooks?: (plane: ApiServerPlane) => Promise<void>;
}

/** Field manager used for every server-side apply by the harness. */
export const FIELD_MANAGER = 'mission-control-constructs';

const WEBHOOK_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

interface Loaded {
  readonly object: KubeObject;
  readonly source: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function refOf(obj: KubeObject, plane?: string, source?: string): ObjRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: String(obj.metadata?.name ?? ''),
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
    ...(plane ? { plane } : {}),
    ...(source ? { source } : {}),
  };
}

function parseManifestFile(file: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (value === null || value === undefined) continue;
    if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      throw new Error(`${file}: a document without apiVersion/kind`);
    }
    // `kubectl apply` unwraps v1 Lists; so does this.
    if (value.kind.endsWith('List') && Array.isArray(value.items)) {
      for (const item of value.items) {
        if (isObject(item)) out.push(item as KubeObject);
      }
      continue;
    }
    out.push(value as KubeObject);
  }
  return out;
}

/** Reads a kustomization folder's `resources:` in order, recursing into nested kustomizations. */
function loadFolder(folder: string, label: string, skipped: ApplyReport['skipped']): Loaded[] {
  const kfile = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((f) => join(folder, f))
    .find((f) => existsSync(f));
  if (!kfile) throw new Error(`no kustomization.yaml in ${folder}`);
  const k: unknown = parseAllDocuments(readFileSync(kfile, 'utf8'))[0]?.toJS();
  const resources: unknown = isObject(k) ? k.resources : undefined;
  if (resources !== undefined && !Array.isArray(resources)) throw new Error(`${kfile}: resources is not a list`);
  const out: Loaded[] = [];
  for (const entry of (resources ?? []) as unknown[]) {
    const resource = String(entry);
    if (REMOTE.test(resource) || resource.startsWith('github.com/')) {
      skipped.push({ folder: label, resource, reason: 'remote resource; not fetched in tests' });
      continue;
    }
    const path = resolve(folder, resource);
    if (!existsSync(path)) throw new Error(`${kfile}: resource ${resource} does not exist (${path})`);
    if (statSync(path).isDirectory()) {
      out.push(...loadFolder(path, `${label}/${resource}`, skipped));
    } else {
      for (const object of parseManifestFile(path)) out.push({ object, source: path });
    }
  }
  return out;
}

interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** Per-plane discovery cache; refreshed for a group/version whenever a kind is missing. */
class Discovery {
  private readonly cache = new Map<string, ApiResource[]>();

  constructor(private readonly plane: ApiServerPlane) {}

  async find(apiVersion: string, kind: string, refresh = false): Promise<ApiResource | undefined> {
    let list = refresh ? undefined : this.cache.get(apiVersion);
    let found = list?.find((r) => r.kind === kind && !r.name.includes('/'));
    if (found) return found;
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const res = await this.plane.http.request('GET', path);
    if (res.status !== 200) return undefined;
    list = ((res.body as { resources?: ApiResource[] }).resources ?? []);
    this.cache.set(apiVersion, list);
    found = list.find((r) => r.kind === kind && !r.name.includes('/'));
    return found;
  }
}

function objectPath(obj: KubeObject, resource: ApiResource, name: string): string {
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  // Same default as kubectl for namespaced objects without a namespace.
  const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(obj.metadata.namespace ?? 'default')}` : '';
  return `${base}${ns}/${resource.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

interface CrdSpec {
  group: string;
  names: { kind: string };
  versions?: { name: string; served?: boolean }[];
}

/** Waits until a CRD is Established and each served version lists its kind in discovery. */
async function waitForCrd(plane: ApiServerPlane, discovery: Discovery, crd: KubeObject, timeoutMs: number): Promise<void> {
  const name = String(crd.metadata.name);
  const spec = crd.spec as CrdSpec;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const res = await plane.http.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`);
    const conditions = ((res.body as { status?: { conditions?: { type: string; status: string; message?: string }[] } })
      ?.status?.conditions) ?? [];
    const established = conditions.some((c) => c.type === 'Established' && c.status === 'True');
    last = conditions.map((c) => `${c.type}=${c.status}${c.message ? ` (${c.message})` : ''}`).join(', ');
    if (established) {
      let discoverable = true;
      for (const v of spec.versions ?? []) {
        if (v.served === false) continue;
        if (!(await discovery.find(`${spec.group}/${v.name}`, spec.names.kind, true))) discoverable = false;
      }
      if (discoverable) return;
      last += '; not yet in discovery';
    }
    if (Date.now() > deadline) throw new Error(`CRD ${name} not ready after ${timeoutMs} ms: ${last || `HTTP ${res.status}`}`);
    await sleep(100);
  }
}

function isCrd(obj: KubeObject): boolean {
  return obj.kind === 'CustomResourceDefinition' && obj.apiVersion.startsWith('apiextensions.k8s.io/');
}

function isWebhook(obj: KubeObject): boolean {
  return WEBHOOK_KINDS.has(obj.kind) && obj.apiVersion.startsWith('admissionregistration.k8s.io/');
}

/** Server-side applies one object; returns an error message instead of throwing. */
async function applyOne(
  plane: ApiServerPlane,
  discovery: Discovery,
  obj: KubeObject,
): Promise<{ ok: true; warnings: string[] } | { ok: false; message: string }> {
  const name = obj.metadata?.name;
  if (!name) return { ok: false, message: 'metadata.name is required (generateName cannot be applied)' };
  let resource: ApiResource | undefined;
  try {
    resource = await discovery.find(obj.apiVersion, obj.kind);
  } catch (err) {
    return { ok: false, message: `discovery failed: ${(err as Error).message}` };
  }
  if (!resource) return { ok: false, message: `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"` };
  try {
    const res = await plane.http.request('PATCH', objectPath(obj, resource, name), {
      body: obj,
      contentType: 'application/apply-patch+yaml',
      // Strict like `kubectl apply --server-side`: unknown or duplicate fields are errors, not
      // silently pruned, so a construct emitting a field the CRD lacks fails loudly.
      query: { fieldManager: FIELD_MANAGER, force: 'true', fieldValidation: 'Strict' },
      timeoutMs: 120_000,
    });
    if (res.status === 200 || res.status === 201) return { ok: true, warnings: res.warnings };
    return { ok: false, message: `HTTP ${res.status}: ${statusMessage(res)}` };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

function emptyReport(): ApplyReport {
  return { applied: [], rejected: [], skipped: [], omittedWebhooks: [], warnings: [] };
}

/**
 * Applies objects to one plane the way `kubectl apply -k --server-side` would see them:
 * Namespaces and CRDs first (waiting for each CRD to be Established and discoverable), then
 * everything else in the given order, then webhook configurations if `webhooks: 'last'`.
 */
async function applyLoaded(plane: ApiServerPlane, loaded: Loaded[], options: ApplyOptions, report: ApplyReport): Promise<void> {
  const discovery = new Discovery(plane);
  const first: Loaded[] = [];
  const rest: Loaded[] = [];
  const webhooks: Loaded[] = [];
  for (const item of loaded) {
    if (isWebhook(item.object)) {
      if ((options.webhooks ?? 'omit') === 'omit') report.omittedWebhooks.push(refOf(item.object, plane.name, item.source));
      else webhooks.push(item);
    } else if (isCrd(item.object) || (item.object.kind === 'Namespace' && item.object.apiVersion === 'v1')) {
      first.push(item);
    } else {
      rest.push(item);
    }
  }

  const applyAll = async (batch: Loaded[]): Promise<Loaded[]> => {
    const ok: Loaded[] = [];
    for (const item of batch) {
      const ref = refOf(item.object, plane.name, item.source);
      const result = await applyOne(plane, discovery, item.object);
      if (result.ok) {
        ok.push(item);
        report.applied.push(ref);
        for (const w of result.warnings) report.warnings.push({ ref, message: w });
      } else {
        report.rejected.push({ ref, message: result.message });
      }
    }
    return ok;
  };

  const appliedCrds = (await applyAll(first)).filter(({ object }) => isCrd(object));
  // Waiting in parallel: the API server establishes CRDs independently.
  const crdFailures = await Promise.all(appliedCrds.map(async ({ object, source }) => {
    try {
      await waitForCrd(plane, discovery, object, options.crdTimeoutMs ?? 60_000);
      return undefined;
    } catch (err) {
      return { ref: refOf(object, plane.name, source), message: (err as Error).message };
    }
  }));
  for (const f of crdFailures) if (f) report.rejected.push(f);

  await applyAll(rest);
  if (webhooks.length && options.beforeWebhooks) await options.beforeWebhooks(plane);
  await applyAll(webhooks);
}

/**
 * Server-side applies `objects` to `plane` (field manager {@link FIELD_MANAGER}, forced),
 * CRDs and Namespaces first. Never throws for a rejected object; see the returned report.
 */
export async function applyObjects(
  plane: ApiServerPlane,
  objects: readonly KubeObject[],
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const report = emptyReport();
  await applyLoaded(plane, objects.map((object) => ({ object, source: '' })), options, report);
  return report;
}

/**
 * Applies a synthesised platform: for each `folder -> plane` in `targets`, reads
 * `<distDir>/<folder>/kustomization.yaml` and server-side applies its `resources:` to that
 * plane. Folders for the same plane are applied together, in the order of `targets`; planes
 * are applied in parallel. Remote resources are reported as skipped.
 *
 * Throws only for a broken layout (missing kustomization or file, invalid YAML).
 */
export async function applyPlatform(
  distDir: string,
  targets: Record<string, ApiServerPlane>,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const report = emptyReport();
  const byPlane = new Map<ApiServerPlane, Loaded[]>();
  for (const [folder, plane] of Object.entries(targets)) {
    const items = loadFolder(join(distDir, folder), folder, report.skipped);
    byPlane.set(plane, [...(byPlane.get(plane) ?? []), ...items]);
  }
  // Each plane writes into its own arrays so parallel applies cannot interleave entries.
  const perPlane = await Promise.all([...byPlane].map(async ([plane, items]) => {
    const r = emptyReport();
    await applyLoaded(plane, items, options, r);
    return r;
  }));
  for (const r of perPlane) {
    report.applied.push(...r.applied);
    report.rejected.push(...r.rejected);
    report.omittedWebhooks.push(...r.omittedWebhooks);
    report.warnings.push(...r.warnings);
  }
  return report;
}

/** Reads an object back from `plane`; `undefined` when it does not exist. */
export async function readBack(plane: ApiServerPlane, ref: ObjRef): Promise<KubeObject | undefined> {
  const discovery = new Discovery(plane);
  const resource = await discovery.find(ref.apiVersion, ref.kind);
  if (!resource) throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}" on ${plane.name}`);
  const path = objectPath(
    { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } },
    resource,
    ref.name,
  );
  const res = await plane.http.request('GET', path);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${path} on ${plane.name}: HTTP ${res.status}: ${statusMessage(res)}`);
  return res.body as KubeObject;
}
