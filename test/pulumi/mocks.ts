import * as pulumi from '@pulumi/pulumi';
import type { ValidationError } from '../../lib/core/problems';

/** One resource registration seen by the mocks. */
export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider?: string;
  urn: string;
  parent: string;
  /** URNs the resource depends on (`dependsOn`, expanded to components' children). */
  dependencies: string[];
  aliases: string[];
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getAliasesList(): Array<{ getSpec(): { getName(): string } | undefined; getUrn(): string }>;
}

/**
 * Installs Pulumi mocks that record every resource registration: a new program, with its
 * own monitor. No Pulumi CLI or Kubernetes provider plugin is involved.
 */
export function recordRegistrations(): Registration[] {
  const registrations: Registration[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, urn: '', parent: '', dependencies: [], aliases: [] });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args) {
        return args.inputs;
      },
    },
    'mission-control',
    'test',
    false,
  );
  // The mocks pass on only part of a registration; the request to the monitor holds the rest.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, cb: (err: unknown, res: { getUrn(): string }) => void): void };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, res) => {
      const r = [...registrations].reverse().find((x) => x.type === req.getType() && x.name === req.getName() && x.urn === '');
      const aliases = req.getAliasesList().map((a) => a.getSpec()?.getName() ?? a.getUrn());
      if (r && res) Object.assign(r, { urn: res.getUrn(), parent: req.getParent(), dependencies: req.getDependenciesList(), aliases });
      callback(err, res);
    });
  return registrations;
}

type Component = { readonly ready: Promise<void> };

/** Resolves once the components' children exist and every registration has reached the mocks. */
export async function settled(...components: Component[]): Promise<void> {
  await Promise.all(components.map((c) => c.ready));
  // Not in the SDK's typings: resolves when no registration is in flight.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** The error the components' program was refused with; every component's rejection is handled. */
export async function refusal(...components: Component[]): Promise<ValidationError> {
  const outcomes = await Promise.allSettled(components.map((c) => c.ready));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (!failed) throw new Error('expected the program to be refused');
  return failed.reason as ValidationError;
}

/** The object as the cluster's operators see it: `pulumi.com/` annotations only steer the provider. */
export function withoutPulumiAnnotations<T extends { metadata: { annotations?: Record<string, string> } }>(obj: T): T {
  const annotations = Object.fromEntries(Object.entries(obj.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('pulumi.com/')));
  const { annotations: _, ...metadata } = obj.metadata;
  return { ...obj, metadata: Object.keys(annotations).length ? { ...metadata, annotations } : metadata };
}
