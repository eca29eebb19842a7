import type { KubeObject } from '../../core/kube-object';
import { type KubeHttp, statusMessage } from '../../kube/http';

/** The fields of a Kubernetes object the stand-ins read; everything else passes through untyped. */
export interface Obj extends KubeObject {
  metadata: KubeObject['metadata'] & {
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    creationTimestamp?: string;
    ownerReferences?: Array<{ kind: string; name: string; uid: string }>;
  };
  /**
   * The object's spec, untyped.
   * @default - none (e.g. a ConfigMap)
   */
  spec?: any;
  /**
   * The object's status, untyped.
   * @default - none yet
   */
  status?: any;
  /**
   * Data of a Secret (base64) or ConfigMap.
   * @default - none
   */
  data?: Record<string, string>;
}

/** An HTTP status the caller did not expect, with the server's message. */
export class KubeApiError extends Error {
  constructor(readonly status: number, method: string, path: string, message: string) {
    super(`${method} ${path}: HTTP ${status}: ${message}`);
  }
}

/** Thin typed calls over one API server, for the stand-ins (which act as kubelet, scheduler, ...). */
export class KubeApi {
  constructor(private readonly http: () => KubeHttp) {}

  async get(path: string): Promise<Obj | undefined> {
    const res = await this.http().request('GET', path, { timeoutMs: 15_000 });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new KubeApiError(res.status, 'GET', path, statusMessage(res));
    return res.body as Obj;
  }

  async list(path: string, query?: Record<string, string>): Promise<Obj[]> {
    const res = await this.http().request('GET', path, { timeoutMs: 15_000, query });
    if (res.status === 404) return [];
    if (res.status !== 200) throw new KubeApiError(res.status, 'GET', path, statusMessage(res));
    return ((res.body as { items?: Obj[] }).items ?? []);
  }

  /** POST; a 409 (already exists) counts as success when `tolerateExists` is set. */
  async create(path: string, body: unknown, tolerateExists = false): Promise<Obj | undefined> {
    const res = await this.http().request('POST', path, { body, timeoutMs: 15_000 });
    if (res.status === 409 && tolerateExists) return undefined;
    if (res.status !== 200 && res.status !== 201 && res.status !== 202) throw new KubeApiError(res.status, 'POST', path, statusMessage(res));
    return res.body as Obj;
  }

  /** JSON merge patch. */
  async mergePatch(path: string, body: unknown): Promise<Obj | undefined> {
    const res = await this.http().request('PATCH', path, { body, contentType: 'application/merge-patch+json', timeoutMs: 15_000 });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new KubeApiError(res.status, 'PATCH', path, statusMessage(res));
    return res.body as Obj;
  }

  /** Server-side apply as `manager` (forced: the stand-in owns what it writes). */
  async apply(path: string, body: unknown, manager: string): Promise<Obj | undefined> {
    const res = await this.http().request('PATCH', path, {
      body,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: manager, force: 'true' },
      timeoutMs: 15_000,
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200 && res.status !== 201) throw new KubeApiError(res.status, 'PATCH', path, statusMessage(res));
    return res.body as Obj;
  }

  async put(path: string, body: unknown, manager: string): Promise<Obj | undefined> {
    const res = await this.http().request('PUT', path, { body, query: { fieldManager: manager }, timeoutMs: 15_000 });
    if (res.status === 404 || res.status === 409) return undefined;
    if (res.status !== 200 && res.status !== 201) throw new KubeApiError(res.status, 'PUT', path, statusMessage(res));
    return res.body as Obj;
  }

  async delete(path: string, body?: unknown): Promise<void> {
    const res = await this.http().request('DELETE', path, { body, timeoutMs: 15_000 });
    if (res.status !== 200 && res.status !== 202 && res.status !== 404 && res.status !== 409) {
      throw new KubeApiError(res.status, 'DELETE', path, statusMessage(res));
    }
  }
}

/** `/api/v1/namespaces/<ns>/<resource>[/<name>]`. */
export function corePath(resource: string, namespace?: string, name?: string): string {
  return `/api/v1${namespace ? `/namespaces/${namespace}` : ''}/${resource}${name ? `/${name}` : ''}`;
}
