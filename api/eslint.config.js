// Lint of the API: mainly the layering of ../shared/STYLE.md §2, enforced rather than hoped for.
//   http/routes → modules/*/*.service → modules/*/*.repository | *.model → db
// Core ESLint's no-restricted-imports (typescript-eslint's variant, which lets type-only imports
// through) does the job without the native resolver eslint-plugin-import-x would pull in.
import tseslint from 'typescript-eslint';

/** An import-restriction rule with the given forbidden patterns, each with the reason shown to the developer. */
function forbid(...groups) {
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message, allowTypeImports: true })) }],
  };
}

const MODEL_INTERNALS = [['**/model/src/**'], 'The API uses the model only through its public entry, @defaultrate/model.'];

export default tseslint.config(
  { ignores: ['**/*.test.ts'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration from the Config parsed in api/src/config.ts.' }],
      ...forbid(MODEL_INTERNALS),
    },
  },
  {
    // The boot code, the config schema and the benchmark entry points are where the environment is read.
    files: ['src/config.ts', 'src/main.ts', 'src/bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: forbid(
      MODEL_INTERNALS,
      [['**/db/**', '**/*.repository.ts', '**/*.model.ts', 'knex', 'objection'], 'Routes and middleware call services; data access belongs to repositories.'],
    ),
  },
  {
    // The one place that turns database errors (unique, foreign-key and check violations, RLS refusals)
    // into problem documents needs to recognise objection's error classes.
    files: ['src/http/middleware/problem-handler.ts'],
    rules: forbid(MODEL_INTERNALS, [['**/db/**', '**/*.repository.ts', '**/*.model.ts', 'knex'], 'Routes and middleware call services; data access belongs to repositories.']),
  },
  {
    files: ['src/modules/**/*.ts'],
    rules: forbid(MODEL_INTERNALS, [['express', '**/http/**'], 'Modules know nothing of HTTP: services take an actor and plain inputs, never req/res.']),
  },
  {
    files: ['src/modules/**/*.repository.ts', 'src/modules/**/*.model.ts'],
    rules: forbid(
      MODEL_INTERNALS,
      [['express', '**/http/**'], 'Modules know nothing of HTTP.'],
      [['**/*.service.ts'], 'Repositories are the bottom layer: services call them, not the other way round.'],
    ),
  },
  {
    files: ['src/jobs/**/*.ts'],
    rules: forbid(
      MODEL_INTERNALS,
      [['express', '**/http/**'], 'Job processors know nothing of HTTP.'],
      [['**/*.repository.ts', '**/*.model.ts'], 'Job processors are thin: they call services, which own data access.'],
    ),
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: forbid(MODEL_INTERNALS, [['**/modules/**', '**/http/**', '**/db/**', '**/jobs/**'], 'lib/ is shared plumbing and imports no layer above it.']),
  },
);
