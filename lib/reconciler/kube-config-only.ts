import * as nodeModule from 'node:module';

const CONFIG_MODULE = '/@kubernetes/client-node/dist/config.js';

/**
 * Loads `@kubernetes/client-node`'s KubeConfig without its generated API clients.
 *
 * The operator uses client-node for kubeconfig loading and authentication only; its own client
 * does the requests. client-node's `config.js` imports the generated `gen/index.js` for two
 * small helpers, and that index pulls in every API group and model: about 45 MiB of the
 * operator's memory on Node 22 and 24. This process-wide resolve hook hands `config.js` a module
 * with just those two helpers, taken from the same client-node install. Any other importer of
 * `gen/index.js` (client-node's own `index.js` included) gets the real one.
 *
 * `module.registerHooks` runs in-thread and applies to `require()` of ES modules; it exists from
 * Node 22.15 and 23.5. On older Node the operator loads client-node whole and works the same.
 *
 * Installed when this module is imported, so the operator's entry point imports it first.
 */
export const kubeConfigWithoutApiClients: boolean = installHook();

function installHook(): boolean {
  const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks;
  if (typeof registerHooks !== 'function') return false;
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier !== './gen/index.js' || !context.parentURL?.endsWith(CONFIG_MODULE)) return next(specifier, context);
      const at = (path: string) => JSON.stringify(new URL(path, context.parentURL).href);
      const source = `export { createConfiguration } from ${at('./gen/configuration.js')};\nexport { ServerConfiguration } from ${at('./gen/servers.js')};\n`;
      return { url: `data:text/javascript,${encodeURIComponent(source)}`, format: 'module', shortCircuit: true };
    },
  });
  return true;
}

interface ResolveContext {
  readonly parentURL?: string;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string;
  readonly shortCircuit?: boolean;
}
type RegisterHooks = (hooks: {
  resolve(specifier: string, context: ResolveContext, next: (specifier: string, context: ResolveContext) => ResolveResult): ResolveResult;
}) => unknown;
