import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Files and PEM contents of one test control plane's credentials. */
export interface PlanePki {
  readonly caCertPath: string;
  readonly servingCertPath: string;
  readonly servingKeyPath: string;
  readonly saPublicKeyPath: string;
  readonly saPrivateKeyPath: string;
  readonly caCertPem: string;
  readonly adminCertPem: string;
  readonly adminKeyPem: string;
}

let opensslChecked: Promise<void> | undefined;

/** Fails with an actionable message when the `openssl` CLI is unavailable. */
export function ensureOpenssl(): Promise<void> {
  opensslChecked ??= execFileAsync('openssl', ['version']).then(
    () => undefined,
    (err: Error) => {
      opensslChecked = undefined;
      throw new Error(`the openssl CLI is required to mint test certificates (apt-get install openssl): ${err.message}`);
    },
  );
  return opensslChecked;
}

interface CertSpec {
  readonly file: string;
  readonly subject: Record<string, string>;
  readonly extensions: Record<string, string>;
}

// A config file is written per certificate because the system openssl.cnf may add default
// extensions that would conflict with the ones set here.
async function mintCert(dir: string, spec: CertSpec, signer?: { cert: string; key: string }): Promise<void> {
  const cfg = join(dir, `${spec.file}.cnf`);
  const lines = [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    ...Object.entries(spec.subject).map(([k, v]) => `${k} = ${v}`),
    '[ext]',
    ...Object.entries(spec.extensions).map(([k, v]) => `${k} = ${v}`),
  ];
  await writeFile(cfg, `${lines.join('\n')}\n`);
  const args = [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, `${spec.file}.key`), '-out', join(dir, `${spec.file}.crt`),
    // Same lifetime as envtest's tiny CA: long enough for any test run, useless afterwards.
    '-days', '7', '-config', cfg, '-extensions', 'ext',
  ];
  if (signer) args.push('-CA', signer.cert, '-CAkey', signer.key);
  await execFileAsync('openssl', args);
}

/**
 * Creates a CA, a serving certificate for 127.0.0.1/localhost, an admin client certificate
 * (CN `admin`, O `system:masters`) and a service-account RSA key pair in `dir`.
 *
 * Client certificates are used instead of a static token file so that the admin kubeconfig
 * has the same shape as the ones kind or envtest produce, and so the serving certificate's
 * SANs are ones we chose rather than whatever kube-apiserver self-signs.
 */
export async function createPlanePki(dir: string, planeName: string): Promise<PlanePki> {
  await ensureOpenssl();
  await mkdir(dir, { recursive: true });
  await mintCert(dir, {
    file: 'ca',
    subject: { CN: `mission-control-constructs test CA (${planeName})` },
    extensions: {
      basicConstraints: 'critical,CA:TRUE',
      keyUsage: 'critical,keyCertSign,cRLSign,digitalSignature',
      subjectKeyIdentifier: 'hash',
    },
  });
  const signer = { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  await Promise.all([
    mintCert(dir, {
      file: 'apiserver',
      subject: { CN: 'kube-apiserver' },
      extensions: {
        basicConstraints: 'critical,CA:FALSE',
        keyUsage: 'critical,digitalSignature,keyEncipherment',
        extendedKeyUsage: 'serverAuth',
        subjectAltName: 'IP:127.0.0.1,DNS:localhost',
      },
    }, signer),
    mintCert(dir, {
      file: 'admin',
      subject: { O: 'system:masters', CN: 'admin' },
      extensions: {
        basicConstraints: 'critical,CA:FALSE',
        keyUsage: 'critical,digitalSignature,keyEncipherment',
        extendedKeyUsage: 'clientAuth',
      },
    }, signer),
  ]);

  const sa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const saPublicKeyPath = join(dir, 'sa.pub');
  const saPrivateKeyPath = join(dir, 'sa.key');
  await writeFile(saPublicKeyPath, sa.publicKey);
  await writeFile(saPrivateKeyPath, sa.privateKey, { mode: 0o600 });

  const [caCertPem, adminCertPem, adminKeyPem] = await Promise.all([
    readFile(signer.cert, 'utf8'),
    readFile(join(dir, 'admin.crt'), 'utf8'),
    readFile(join(dir, 'admin.key'), 'utf8'),
  ]);
  return {
    caCertPath: signer.cert,
    servingCertPath: join(dir, 'apiserver.crt'),
    servingKeyPath: join(dir, 'apiserver.key'),
    saPublicKeyPath,
    saPrivateKeyPath,
    caCertPem,
    adminCertPem,
    adminKeyPem,
  };
}

/** PEM contents of one certificate the harness issued. */
export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** The issuing CA (the certificate itself when self-signed). */
  readonly caPem: string;
}

/**
 * Issues a certificate for `dnsNames` in `dir` as cert-manager would for a Certificate:
 * self-signed when no `signer` is given (a `selfSigned` Issuer), otherwise signed by it (a `ca`
 * Issuer). `isCA` makes it a CA certificate (a Certificate with `isCA: true`).
 */
export async function issueCertificate(
  dir: string,
  file: string,
  input: { commonName?: string; dnsNames: readonly string[]; ipAddresses?: readonly string[]; isCA?: boolean },
  signer?: { certPem: string; keyPem: string },
): Promise<IssuedCertificate> {
  await ensureOpenssl();
  await mkdir(dir, { recursive: true });
  let signerFiles: { cert: string; key: string } | undefined;
  if (signer) {
    signerFiles = { cert: join(dir, `${file}-signer.crt`), key: join(dir, `${file}-signer.key`) };
    await writeFile(signerFiles.cert, signer.certPem);
    await writeFile(signerFiles.key, signer.keyPem, { mode: 0o600 });
  }
  const san = [...input.dnsNames.map((d) => `DNS:${d}`), ...(input.ipAddresses ?? []).map((i) => `IP:${i}`)];
  const extensions: Record<string, string> = input.isCA
    ? { basicConstraints: 'critical,CA:TRUE', keyUsage: 'critical,keyCertSign,cRLSign,digitalSignature', subjectKeyIdentifier: 'hash' }
    : { basicConstraints: 'critical,CA:FALSE', keyUsage: 'critical,digitalSignature,keyEncipherment', extendedKeyUsage: 'serverAuth' };
  if (san.length) extensions.subjectAltName = san.join(',');
  await mintCert(dir, { file, subject: { CN: input.commonName ?? input.dnsNames[0] ?? file }, extensions }, signerFiles);
  const [certPem, keyPem] = await Promise.all([readFile(join(dir, `${file}.crt`), 'utf8'), readFile(join(dir, `${file}.key`), 'utf8')]);
  return { certPem, keyPem, caPem: signer ? signer.certPem : certPem };
}
