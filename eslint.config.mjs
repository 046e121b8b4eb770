// Lint rules that catch what the type checker does not: promises nobody awaits (a failed write
// that no one hears about) and non-null assertions (a `!` is a claim the code never checks).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/public/**', 'coverage/**', 'reports/**', '.stryker-tmp/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Apollo plugin hooks, the response stores and DataLoader batch functions are async by
      // contract; `async` without `await` meets it and turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      // Leaving a key out of a copy by destructuring it away is the idiom this codebase uses.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Rows are checked where they enter (CONVENTIONS.md): a type argument on db.sql would be a cast.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='sql'][typeArguments]",
          message: 'Check rows where they enter: db.rows(Schema, ...) or db.columns(Reader, ...), not a cast db.sql<T>(...).',
        },
      ],
    },
  },
  {
    // Tests read GraphQL answers as untyped JSON and assert on them: the `any` rules would only add
    // casts. A `!` in a test fails the test loudly when its claim is wrong, which is what a test is for.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests cast what a helper returns (`(await json()) as {…}`) where the rule wants the helper's
      // type argument instead; in an assertion the cast says what the test expects to read.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Plain JavaScript and the Vitest configurations are outside tsconfig.json: linted without types.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs', '*.mts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The playground's page script runs in the browser, with the libraries its page loads as scripts.
    files: ['docs/playground/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', React: 'readonly', ReactDOM: 'readonly', GraphiQL: 'readonly' },
    },
  },
);
