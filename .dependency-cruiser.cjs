/** Layering rules of CONVENTIONS.md, checked in `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Import cycles make layers meaningless. The web route table lazy-loads pages that read the same table; a dynamic import is evaluated on demand, so it does not make a cycle.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'shared/domain holds rules only: no AWS SDK, no infrastructure, no app or http layer.',
      from: { path: '^shared/domain' },
      to: {
        path: [
          '^node_modules/@aws-sdk',
          '^node_modules/aws-sdk',
          '^shared/(infra|app|http|wiring)',
          '^node_modules/@middy',
          '^node_modules/@aws-lambda-powertools',
        ],
      },
    },
    {
      name: 'functions-import-only-shared',
      severity: 'error',
      comment: 'Lambda entry points wire handlers from shared/ and nothing else of ours.',
      from: { path: '^functions' },
      to: {
        path: '^(lib|bin|local|web|test|bench|scripts|functions)/',
        pathNot: '^functions/.*\\.test\\.ts$',
      },
    },
    {
      name: 'nothing-imports-functions',
      severity: 'error',
      comment: 'Entry points are named by path in shared/wiring; nothing imports them.',
      from: { pathNot: '^functions' },
      to: { path: '^functions/' },
    },
    {
      name: 'nothing-imports-local',
      severity: 'error',
      comment: 'The local runtime hosts the app; the app never depends on it.',
      from: { path: '^(shared|functions|lib|bin|web)/' },
      to: { path: '^local/' },
    },
    {
      name: 'shared-not-cdk',
      severity: 'error',
      comment: 'CDK packages must never end up in Lambda bundles.',
      from: { path: '^(shared|functions)/' },
      to: {
        path: [
          '^node_modules/aws-cdk-lib',
          '^node_modules/constructs',
          '^node_modules/cdk-nag',
          '^lib/',
          '^bin/',
        ],
      },
    },
    {
      name: 'web-is-browser-only',
      severity: 'error',
      comment: 'The web app talks to the API over HTTP; it may share pure domain vocabulary only.',
      from: { path: '^web/' },
      to: { path: '^(shared/(infra|app|http)|functions|lib|local)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    exclude: { path: ['node_modules', 'web/dist', 'cdk.out'] },
  },
};
