import * as pulumi from '@pulumi/pulumi';

/** One resource registration seen by the mocks. */
export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider?: string;
}

/**
 * Installs Pulumi mocks that record every resource registration. No Pulumi CLI or
 * Kubernetes provider plugin is involved.
 */
export function recordRegistrations(): Registration[] {
  const registrations: Registration[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
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
  return registrations;
}

/** Resolves once every output has a value, i.e. all registrations have reached the mocks. */
export function settled(...outputs: Array<pulumi.Output<unknown>>): Promise<void> {
  return new Promise((resolve) => pulumi.all(outputs).apply(() => resolve()));
}
