import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { problem, type Problem } from '../core/problems';

/** A resource type of the package, for asking a resource which provider it passes down. */
const KUBERNETES_TYPE = 'kubernetes:core/v1:Namespace';

/** A plane's provider and what is wrong with how it was given. */
export interface PlaneProvider {
  readonly provider: k8s.Provider | undefined;
  readonly problems: Problem[];
}

/** The Kubernetes provider among the resource options: `provider`, or `providers` keyed by package. */
function fromOptions(opts: pulumi.ComponentResourceOptions): k8s.Provider | undefined {
  if (k8s.Provider.isInstance(opts.provider)) return opts.provider;
  const providers = opts.providers;
  const listed = Array.isArray(providers) ? providers.find((p) => k8s.Provider.isInstance(p)) : providers?.kubernetes;
  return k8s.Provider.isInstance(listed) ? listed : undefined;
}

/**
 * The provider of a plane's cluster: `args.provider`, else the resource options' Kubernetes
 * provider (`provider`, `providers`), else the one inherited from the parent, as Pulumi passes
 * providers down. Never the default provider: it deploys to whatever the current kubeconfig
 * points at, which for a platform of several clusters means the wrong one.
 */
export function planeProvider(component: string, name: string, fromArgs: k8s.Provider | undefined, opts: pulumi.ComponentResourceOptions, self: pulumi.Resource): PlaneProvider {
  const given = fromOptions(opts);
  if (fromArgs && given && fromArgs !== given) {
    return {
      provider: fromArgs,
      problems: [problem(`${name}/provider`, `${component} "${name}" is given two different Kubernetes providers, one in args.provider and one in the resource options`, 'pass the provider once, either as args.provider or as opts.provider / opts.providers.kubernetes')],
    };
  }
  const provider = (fromArgs ?? given ?? self.getProvider(KUBERNETES_TYPE)) as k8s.Provider | undefined;
  if (provider) return { provider, problems: [] };
  return {
    provider: undefined,
    problems: [
      problem(
        `${name}/provider`,
        `${component} "${name}" needs an explicit Kubernetes provider for its cluster; the default provider is refused because it targets whatever the current kubeconfig points at`,
        `pass { provider: new k8s.Provider("${name}", { kubeconfig }) } in the args or the resource options`,
      ),
    ],
  };
}
