// Preloaded with `node -r`: makes cdk8s and constructs unresolvable, as in a project that
// installed only the Pulumi peers, then loads the module named by argv[2].
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (/^(cdk8s|constructs)(\/|$)/.test(request)) {
    const error = new Error(`Cannot find module '${request}' (hidden: only the Pulumi peers are installed)`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
