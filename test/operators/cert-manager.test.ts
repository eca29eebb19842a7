import { ControlPlane, CrdSource, DataPlane } from '../../lib';
import { CASS_OPERATOR_WEBHOOK_DENIAL, eventually, getJson, K8SSANDRA_WEBHOOK_DENIAL, probeCassOperatorWebhook, probeK8ssandraWebhook, rolledOut, synthInto } from './support/platform';
import { upstreamCrdDir } from '../../lib/crds/upstream-crd-files';
import { CertManager, SimulatorBackend, startSimulatedPlatform, type SimulatedPlatform } from '../../lib/testing';

/**
 * The operators' install with cert-manager's real controller and cainjector instead of the
 * stand-in: the library's Issuers and Certificates are issued by cert-manager itself (through
 * CertificateRequests, with its own Secret annotations), its cainjector fills the library's
 * webhook configurations, and the operators serve their webhooks with those certificates.
 */
const NS = 'k8ssandra-operator';
const PLANE = 'us-east-1';
const FOLDERS = { 'control-plane': PLANE, 'data-plane-us-east': PLANE };
const OPERATORS = ['k8ssandra-operator', 'cass-operator-controller-manager'];
// The stand-in's own marks; cert-manager writes neither.
const STAND_IN_ANNOTATION = 'mission-control-constructs.dev/issued-for';
const STAND_IN_MANAGER = 'mission-control-constructs-cert-manager-stand-in';

let platform: SimulatedPlatform;
let out: ReturnType<typeof synthInto>;
const http = () => platform.planes[PLANE].apiServer.http;
const ready = (obj: any) => (obj?.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
const managers = (obj: any): string[] => (obj.metadata.managedFields ?? []).map((f: { manager: string }) => f.manager);

beforeAll(async () => {
  out = synthInto((app) => {
    const controlPlane = new ControlPlane(app, 'control-plane', { region: PLANE });
    new DataPlane(app, 'us-east', {
      controlPlane, name: 'us-east', region: PLANE, zones: ['us-east-1a'], inControlPlaneCluster: true, crds: CrdSource.fromDirectory(upstreamCrdDir()),
    });
  });
  // 'real' builds cert-manager on a machine that has not yet: about 20 minutes on two busy cores.
  platform = await startSimulatedPlatform({ planes: [{ name: PLANE, region: PLANE }], cassandra: new SimulatorBackend(), certManager: 'real' });
}, 1_800_000);

afterAll(async () => {
  await platform?.stop();
  out?.remove();
});

test('the real controller and cainjector run, with the release CRDs', async () => {
  expect(platform.certManager).toBe('real');
  const cm = platform.planes[PLANE].certManager;
  expect(cm).toBeInstanceOf(CertManager);
  const real = cm as CertManager;
  expect(real.controller.running && real.cainjector.running).toBe(true);
  // The minimal hand-written CRD has no schema for `spec.renewBefore`; cert-manager's has.
  const crd = await getJson(http(), '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/certificates.cert-manager.io');
  expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.renewBefore).toBeDefined();
});

test('the synthesised platform is accepted', async () => {
  const report = await platform.apply(out.dist, FOLDERS);
  expect(report.rejected).toEqual([]);
}, 300_000);

test('cert-manager issues the webhook serving certificates', async () => {
  const certs = await eventually('every Certificate Ready', 240_000, async () => {
    const list = (await getJson(http(), `/apis/cert-manager.io/v1/namespaces/${NS}/certificates`)).items;
    return list.length >= 2 && list.every(ready) ? list : undefined;
  }, 1_000);
  const requests = (await getJson(http(), `/apis/cert-manager.io/v1/namespaces/${NS}/certificaterequests`)).items;
  for (const cert of certs) {
    // Only cert-manager goes through a CertificateRequest and computes a renewal time.
    expect(cert.status.renewalTime).toBeDefined();
    expect(requests.some((r: any) => r.metadata.ownerReferences?.some((o: any) => o.kind === 'Certificate' && o.name === cert.metadata.name) && ready(r))).toBe(true);
    const secret = await getJson(http(), `/api/v1/namespaces/${NS}/secrets/${cert.spec.secretName}`);
    expect(secret.metadata.annotations).toMatchObject({
      'cert-manager.io/certificate-name': cert.metadata.name,
      'cert-manager.io/issuer-kind': 'Issuer',
      'cert-manager.io/alt-names': cert.spec.dnsNames.join(','),
    });
    expect(secret.metadata.annotations[STAND_IN_ANNOTATION]).toBeUndefined();
    expect(managers(secret)).not.toContain(STAND_IN_MANAGER);
    // --enable-certificate-owner-ref: the Secret goes with its Certificate.
    expect(secret.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Certificate', name: cert.metadata.name })]);
  }
}, 300_000);

test('the cainjector fills every library webhook configuration with its Certificate CA', async () => {
  for (const kind of ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations']) {
    const configs = (await getJson(http(), `/apis/admissionregistration.k8s.io/v1/${kind}`)).items
      .filter((c: any) => c.metadata.annotations?.['cert-manager.io/inject-ca-from']);
    expect(configs.length).toBeGreaterThan(0);
    for (const cfg of configs) {
      const [ns, name] = cfg.metadata.annotations['cert-manager.io/inject-ca-from'].split('/');
      const cert = await getJson(http(), `/apis/cert-manager.io/v1/namespaces/${ns}/certificates/${name}`);
      const injected = await eventually(`${kind}/${cfg.metadata.name} injected`, 120_000, async () => {
        const [now, secret] = await Promise.all([
          getJson(http(), `/apis/admissionregistration.k8s.io/v1/${kind}/${cfg.metadata.name}`),
          getJson(http(), `/api/v1/namespaces/${ns}/secrets/${cert.spec.secretName}`),
        ]);
        const ca = secret?.data?.['ca.crt'];
        return ca && now.webhooks.every((h: any) => h.clientConfig.caBundle === ca) ? now : undefined;
      });
      expect(managers(injected)).not.toContain(STAND_IN_MANAGER);
    }
  }
}, 300_000);

test('the operators become available and their webhooks answer with those certificates', async () => {
  for (const name of OPERATORS) {
    const d = await eventually(`${name} rolled out`, 240_000, () => rolledOut(http(), NS, name));
    expect(d.status.availableReplicas).toBe(1);
  }
  // Available means the readiness probe answered, which controller-runtime serves before its
  // webhook server listens: wait until each webhook is served, as a kubelet-run install would.
  // Upstream's K8ssandraCluster webhook refuses a DC without storage: proof it was consulted.
  const k8c = await eventually('the k8ssandra-operator webhook served', 120_000, async () => {
    const r = await probeK8ssandraWebhook(http(), NS);
    return r.status === 403 ? r : undefined;
  });
  expect(k8c).toEqual({ status: 403, message: K8SSANDRA_WEBHOOK_DENIAL });
  const dc = await eventually('the cass-operator webhook served', 120_000, async () => {
    const r = await probeCassOperatorWebhook(http(), NS);
    return r.status === 403 ? r : undefined;
  });
  expect(dc.message).toContain(CASS_OPERATOR_WEBHOOK_DENIAL);
  expect(platform.rbacDenials()).toEqual([]);
}, 600_000);
