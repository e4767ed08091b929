// The ESLint rules of every node package here (edge-worker, e2e, terraform), written once. Each package's
// eslint.config.mjs passes in its own installed copies of @eslint/js, globals and eslint-config-prettier:
// this file sits above the packages, where no node_modules resolves. Layout is Prettier's job
// (.prettierrc.json at the repository root), so the rules that would argue with it are switched off last.
// `overrides`: a package's own config objects (other globals for browser or Worker code), applied after these.
export function councilEslintConfig({ js, globals, prettier }, { ignores = [], overrides = [] } = {}) {
  return [
    { ignores: ['**/node_modules/', '**/target/', '**/target-*/', ...ignores] },
    js.configs.recommended,
    {
      files: ['**/*.mjs', '**/*.js'],
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
      rules: {
        // `_`-prefixed names are deliberate placeholders (destructuring, callback arity).
        'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      },
    },
    ...overrides,
    prettier,
  ];
}
