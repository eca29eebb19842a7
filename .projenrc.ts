import { javascript, typescript } from 'projen';

// Plain TypeScriptProject, not jsii: Pulumi's Input/Output types cannot cross jsii.
const project = new typescript.TypeScriptProject({
  name: 'mission-control-constructs',
  description:
    'Typed infrastructure-as-code for Cassandra (K8ssandra) platforms in the Mission Control architecture: cdk8s constructs, Pulumi components and a control-plane reconciler from one model.',
  license: 'Apache-2.0',
  copyrightOwner: 'The mission-control-constructs authors',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // 20.19 loads ESM-only dependencies (@kubernetes/client-node's) through require().
  minNodeVersion: '20.19.0',
  typescriptVersion: '~5.9.3',
  srcdir: 'lib',
  testdir: 'test',
  // Sources live in lib/; compiled output must not overwrite them.
  libdir: 'build',
  artifactsDirectory: 'artifacts',
  entrypoint: 'build/lib/index.js',
  entrypointTypes: 'build/lib/index.d.ts',
  sampleCode: false,
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  vscode: false,
  prettier: false,
  eslint: true,
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'examples', 'scripts', 'bench'],
    tsconfigPath: './test/tsconfig.json',
    ignorePatterns: ['imports/', 'build/', 'dist/', '*.d.ts', 'node_modules/'],
    // `npm run build` (which lints through `test`) reports problems; it must not rewrite sources.
    commandOptions: { fix: false },
  },
  tsconfig: {
    include: ['lib/**/*.ts', 'imports/**/*.ts'],
    compilerOptions: {
      rootDir: '.',
      outDir: 'build',
      types: ['node'],
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
    },
  },
  tsconfigDev: {
    // Lives in test/ (projen's choice), so paths are relative to it.
    include: ['../lib/**/*.ts', '../imports/**/*.ts', '**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
    compilerOptions: {
      rootDir: '..',
      // Type-checking happens in `npm run typecheck`; ts-jest only transpiles.
      isolatedModules: true,
      // Examples import the package by name, as users do.
      baseUrl: '..',
      paths: {
        'mission-control-constructs': ['lib/index.ts'],
        'mission-control-constructs/*': ['lib/*/index.ts'],
      },
      types: ['jest', 'node'],
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
    },
  },
  peerDependencyOptions: { pinnedDevDependency: false },
  jest: true,
  jestOptions: {
    jestVersion: '^30',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,

    junitReporting: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/build/', '/dist/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/', '/test/'],
      testTimeout: 60_000,
      // The real-Pulumi tier goes last: on a fresh machine its binaries build while the rest runs.
      testSequencer: '<rootDir>/test/support/sequencer.js',
      collectCoverage: false,
      testEnvironmentOptions: { globalsCleanup: 'off' },
      // @kubernetes/client-node and the ESM-only packages it imports (`type: module`, no
      // `require` export) are compiled to CommonJS like our own sources; everything else in
      // node_modules loads as published. Plain Node 20.19+ loads them through require(esm).
      transformIgnorePatterns: ['/node_modules/(?!(@kubernetes/client-node|openid-client|oauth4webapi|jose)/)'],
      transform: {
        '^.+\\.js$': new javascript.Transform('ts-jest', {
          tsconfig: { allowJs: true, checkJs: false, isolatedModules: true, module: 'CommonJS', target: 'ES2022', esModuleInterop: true },
        }),
      },
    },
  },
  deps: [
    'yaml@^2.9.1',
    'ajv@^8.20.0',
    'commander@^14',
    'pino@^10',
    'prom-client@^15',
    '@kubernetes/client-node@~1.4.0',
  ],
  peerDeps: ['cdk8s@^2.70.0', 'constructs@^10.4.0', '@pulumi/pulumi@^3.142.0', '@pulumi/kubernetes@^4.20.0'],
  devDeps: [
    'cdk8s@2.70.106',
    'cdk8s-cli@^2.207.0',
    'constructs@10.8.1',
    '@pulumi/pulumi@3.248.0',
    '@pulumi/kubernetes@4.34.2',
    '@types/node@^20',
    'fast-check@^4',
    'ts-node@^10',
  ],
});

// unrs-resolver (used by jest 30 and the eslint import resolver) ships one native package per
// platform; 1.13.0 is not published for every platform on every registry mirror, and a lock
// file missing any of them makes `npm ci` fail. 1.12.2 is complete everywhere.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Each front end is optional: users of the cdk8s constructs need not install Pulumi, and users
// of the Pulumi components need not install cdk8s (lib/pulumi never loads it).
project.package.addField('peerDependenciesMeta', {
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
  'cdk8s': { optional: true },
  'constructs': { optional: true },
});
project.package.addField('exports', {
  '.': { types: './build/lib/index.d.ts', default: './build/lib/index.js' },
  './testing': { types: './build/lib/testing/index.d.ts', default: './build/lib/testing/index.js' },
  './pulumi': { types: './build/lib/pulumi/index.d.ts', default: './build/lib/pulumi/index.js' },
  // Typed L1 bindings of the upstream CRDs, for escape hatches (e.g. `mission-control-constructs/imports/k8ssandra.io`).
  './imports/*': { types: './build/imports/*.d.ts', default: './build/imports/*.js' },
  './package.json': './package.json',
});
project.addBins({
  'mission-control-constructs': 'build/lib/cli/main.js',
  'mission-control-operator': 'build/lib/reconciler/main.js',
});
// scripts/*.sh provide the harness's binaries at run time; scripts/*.ts are development tools.
project.package.addField('files', ['build/lib', 'build/imports', 'scripts/*.sh', 'README.md', 'LICENSE', 'NOTICE']);
// `moduleResolution: node` (cdk8s init's tsconfig) ignores `exports`; this maps the same subpaths.
project.package.addField('typesVersions', {
  '*': {
    'testing': ['build/lib/testing/index.d.ts'],
    'pulumi': ['build/lib/pulumi/index.d.ts'],
    'imports/*': ['build/imports/*.d.ts'],
  },
});
// The tarball is the compiled library: `npm pack` and `npm publish` compile first.
project.addTask('prepack', { description: 'Compile before npm packs the tarball', steps: [{ spawn: 'compile' }] });

project.addTask('import', {
  description: 'Regenerate typed bindings in imports/ from the upstream CRDs (descriptions stripped)',
  exec: 'ts-node --transpile-only --project tsconfig.json scripts/import-crds.ts',
});
project.addTask('synth', {
  description: 'Synthesise the example platform into dist/',
  exec: 'ts-node --transpile-only --project tsconfig.json examples/platform/main.ts',
});
project.addTask('bench:synth', {
  description: 'Benchmark synthesis at 100 and 1000 clusters against a plain cdk8s floor; writes BENCHMARKS.md',
  exec: 'ts-node --transpile-only --project tsconfig.json bench/synth.ts',
});
project.addTask('bench:reconciler', {
  description: 'Benchmark the control-plane operator against real API servers; writes BENCHMARKS.md',
  exec: 'ts-node --transpile-only --project tsconfig.json bench/reconciler.ts',
});
project.addTask('bench:operator-sizing', {
  description: 'Measure the real operators\' memory and CPU against the DCs they serve; writes BENCHMARKS.md',
  exec: 'ts-node --transpile-only --project tsconfig.json bench/operator-sizing.ts',
});
project.addTask('kube-assets', {
  description: 'Provide kube-apiserver and etcd binaries (cache or Go build) and print their directory',
  exec: 'bash scripts/kube-assets.sh',
});

project.addTask('operator-assets', {
  description: 'Provide kube-controller-manager, cass-operator and k8ssandra-operator binaries (cache or Go build) and print their directory',
  exec: 'bash scripts/operator-assets.sh',
});

project.addTask('cass-operator-assets', {
  description: 'Provide cass-operator v1.32.0 (cache or Go build), the release the operator-upgrade test moves a data plane to, and print its directory',
  exec: 'bash scripts/cass-operator-assets.sh',
});

project.addTask('promtool-assets', {
  description: 'Provide promtool (cache or Go build) for the alert-rule tests and print its directory',
  exec: 'bash scripts/promtool-assets.sh',
});

project.addTask('kustomize-assets', {
  description: 'Provide the kustomize CLI (cache or Go build) and print its directory',
  exec: 'bash scripts/kustomize-assets.sh',
});

// Tests that start real processes (API servers, controller-managers, the operators) or need
// another Go-built binary (promtool, kustomize) are the slow tier: CI runs them once, on the
// machine's Node. So are the packaging and API-reference checks, which compile the whole
// library and do not depend on the Node line. The rest is the fast tier, run on every Node
// line. `npm test` runs both.
const REAL_COMPONENT_TESTS = [
  '/test/integration/',
  '/test/operators/',
  '/test/reconciler/operator',
  '/test/reconciler/runtime/(informer|informer-gone|kube-client|kubeconfig-proxy|leader-election)\\.test\\.ts$',
  '/test/packaging/',
  '/test/docs/api-reference-current\\.test\\.ts$',
  '/test/monitoring/promtool\\.test\\.ts$',
  '/test/platform/kustomize-build\\.test\\.ts$',
  '/test/pulumi-real/',
];
// The README's quick start runs `npm test` on a fresh machine: the Debian packages come first.
project.testTask.prependExec('bash scripts/system-packages.sh');
project.addTask('test:fast', {
  description: 'Unit, conformance and snapshot tests only: nothing that starts an API server or an operator, or runs promtool or kustomize',
  exec: `jest --ci --testPathIgnorePatterns /node_modules/ /build/ /dist/ ${REAL_COMPONENT_TESTS.map((p) => `'${p}'`).join(' ')}`,
});

project.addTask('typecheck', {
  description: 'Type-check sources, tests, examples and scripts',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});

// Messages in validation code are long by nature; they stay on one line to stay greppable.
project.eslint?.addRules({
  '@stylistic/max-len': ['error', { code: 180, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
});

// Scripts, examples and benchmarks are type-checked through test/tsconfig.json, like the tests.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('parserOptions.projectService.allowDefaultProject', [
  '.projenrc.ts',
  'scripts/*.ts',
  'examples/*/*.ts',
  'bench/*.ts',
]);
// Those files (a dozen) all go through the default project; typescript-eslint's default cap is 8.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('parserOptions.projectService.maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING', 32);

// API reference in docs/api, from the public entry points; a test keeps it current.
project.addDevDeps('typedoc@0.28.20', 'typedoc-plugin-markdown@4.14.1');
project.addTask('docs', { description: 'Regenerate the API reference in docs/api', exec: 'typedoc' });

project.gitignore.exclude('/dist/', '/build/', '/artifacts/', '/.cache/');
project.synth();
