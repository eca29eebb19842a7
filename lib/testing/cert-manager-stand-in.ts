import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { corePath, type KubeApi, type Obj } from './node/kube-api';
import { issueCertificate } from './pki';

const CERTS = '/apis/cert-manager.io/v1/certificates';
const INJECT = 'cert-manager.io/inject-ca-from';
const MANAGER = 'mission-control-constructs-cert-manager-stand-in';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');

/**
 * The roles of cert-manager's controller and cainjector that the operators' install depends on:
 * issues each Certificate from its `selfSigned` or `ca` Issuer into the named Secret
 * (`tls.crt`, `tls.key`, `ca.crt`), marks it Ready, and copies the CA into the `caBundle` of
 * every webhook configuration and CRD annotated `cert-manager.io/inject-ca-from`.
 * ACME, Vault and the other issuer types are not simulated: such Certificates stay not Ready.
 */
export class CertManagerStandIn {
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private readonly dir: string;
  /** Certificates issued so far, `<namespace>/<name>` to the number of issuances. */
  readonly issued = new Map<string, number>();

  constructor(private readonly api: KubeApi, workDir: string, private readonly logPath: string) {
    this.dir = mkdtempSync(join(workDir, 'cert-manager-'));
  }

  /** Starts issuing, every `intervalMs`. */
  start(intervalMs = 500): void {
    const tick = () => {
      if (this.stopped) return;
      this.loop = this.tick().catch((err: Error) => appendFileSync(this.logPath, `${new Date().toISOString()} ${err.stack}\n`)).finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
      });
    };
    tick();
  }

  /** Stops the loop after its current pass and removes its working directory. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async tick(): Promise<void> {
    for (const cert of await this.api.list(CERTS)) await this.reconcileCertificate(cert).catch((err: Error) => appendFileSync(this.logPath, `${err.message}\n`));
    await this.injectCa();
  }

  private async reconcileCertificate(cert: Obj): Promise<void> {
    const ns = cert.metadata.namespace!;
    const spec = cert.spec as { secretName: string; dnsNames?: string[]; ipAddresses?: string[]; commonName?: string; isCA?: boolean; issuerRef: { name: string; kind?: string } };
    const secret = await this.api.get(corePath('secrets', ns, spec.secretName));
    const wanted = JSON.stringify([spec.dnsNames ?? [], spec.ipAddresses ?? [], spec.commonName ?? '', spec.isCA ?? false, spec.issuerRef]);
    if (secret?.metadata.annotations?.['mission-control-constructs.dev/issued-for'] === wanted) {
      if (!(cert.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')) await this.markReady(cert, secret);
      return;
    }
    const issuerPath = spec.issuerRef.kind === 'ClusterIssuer'
      ? `/apis/cert-manager.io/v1/clusterissuers/${spec.issuerRef.name}`
      : `/apis/cert-manager.io/v1/namespaces/${ns}/issuers/${spec.issuerRef.name}`;
    const issuer = await this.api.get(issuerPath);
    if (!issuer) return;
    let signer: { certPem: string; keyPem: string } | undefined;
    if (issuer.spec?.ca) {
      const caNs = spec.issuerRef.kind === 'ClusterIssuer' ? 'cert-manager' : ns;
      const ca = await this.api.get(corePath('secrets', caNs, issuer.spec.ca.secretName));
      if (!ca?.data) return;
      signer = { certPem: unb64(ca.data['tls.crt']), keyPem: unb64(ca.data['tls.key']) };
    } else if (issuer.spec?.selfSigned === undefined) {
      return;
    }
    await this.markIssuerReady(issuer, issuerPath);
    const issued = await issueCertificate(this.dir, `${ns}.${cert.metadata.name}`, {
      commonName: spec.commonName,
      dnsNames: spec.dnsNames ?? [],
      ipAddresses: spec.ipAddresses,
      isCA: spec.isCA,
    }, signer);
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: {
        name: spec.secretName,
        namespace: ns,
        annotations: {
          'cert-manager.io/certificate-name': cert.metadata.name,
          'cert-manager.io/issuer-name': spec.issuerRef.name,
          'cert-manager.io/issuer-kind': spec.issuerRef.kind ?? 'Issuer',
          'mission-control-constructs.dev/issued-for': wanted,
        },
      },
      data: { 'tls.crt': b64(issued.certPem), 'tls.key': b64(issued.keyPem), 'ca.crt': b64(issued.caPem) },
    };
    const written = await this.api.apply(corePath('secrets', ns, spec.secretName), body, MANAGER);
    const key = `${ns}/${cert.metadata.name}`;
    this.issued.set(key, (this.issued.get(key) ?? 0) + 1);
    if (written) await this.markReady(cert, written);
  }

  private async markReady(cert: Obj, _secret: Obj): Promise<void> {
    const now = new Date().toISOString();
    await this.api.mergePatch(`/apis/cert-manager.io/v1/namespaces/${cert.metadata.namespace}/certificates/${cert.metadata.name}/status`, {
      status: {
        conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', lastTransitionTime: now, observedGeneration: (cert.metadata as { generation?: number }).generation }],
        notBefore: now,
        revision: 1,
      },
    });
  }

  private async markIssuerReady(issuer: Obj, path: string): Promise<void> {
    if ((issuer.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')) return;
    await this.api.mergePatch(`${path}/status`, {
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'IsReady', message: 'issuer stand-in is ready', lastTransitionTime: new Date().toISOString() }] },
    });
  }

  private async caOf(ref: string): Promise<string | undefined> {
    const [ns, name] = ref.split('/');
    const cert = await this.api.get(`/apis/cert-manager.io/v1/namespaces/${ns}/certificates/${name}`);
    if (!cert) return undefined;
    const secret = await this.api.get(corePath('secrets', ns, (cert.spec as { secretName: string }).secretName));
    return secret?.data?.['ca.crt'];
  }

  private async injectCa(): Promise<void> {
    for (const kind of ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']) {
      const base = `/apis/admissionregistration.k8s.io/v1/${kind}`;
      for (const cfg of await this.api.list(base)) {
        const ref = cfg.metadata.annotations?.[INJECT];
        if (!ref) continue;
        const ca = await this.caOf(ref);
        if (!ca) continue;
        const hooks = ((cfg as { webhooks?: Array<{ clientConfig: { caBundle?: string } }> }).webhooks ?? []);
        if (hooks.every((h) => h.clientConfig.caBundle === ca)) continue;
        for (const h of hooks) h.clientConfig.caBundle = ca;
        await this.api.put(`${base}/${cfg.metadata.name}`, cfg, MANAGER);
      }
    }
    const crdBase = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    for (const crd of await this.api.list(crdBase)) {
      const ref = crd.metadata.annotations?.[INJECT];
      const webhook = crd.spec?.conversion?.webhook;
      if (!ref || !webhook?.clientConfig) continue;
      const ca = await this.caOf(ref);
      if (!ca || webhook.clientConfig.caBundle === ca) continue;
      webhook.clientConfig.caBundle = ca;
      await this.api.put(`${crdBase}/${crd.metadata.name}`, crd, MANAGER);
    }
  }
}
