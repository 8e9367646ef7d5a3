// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Time and chance come from the injected Clock and the seeded rng, never from globals. */
const clockAndChanceRules = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Read time from the injected Clock (clock.now()).' },
    { object: 'Math', property: 'random', message: 'Draw from the seeded Rng (common/rng.ts).' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'new Date() reads the wall clock: use new Date(clock.now()).',
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use clock.setTimer().' },
    { name: 'setInterval', message: 'Use clock.setTimer() and re-arm it.' },
  ],
};

export default tseslint.config(
  // Hidden folders (build scratch, tool caches) are not project source.
  { ignores: ['node_modules/**', 'dist/**', 'reports/out/**', '.*/**', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['csms/**/*.ts', 'simulator/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: clockAndChanceRules,
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
