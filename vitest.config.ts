import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', '.*/**', 'reports/out/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './common/test-support/plain-summary-reporter.ts'],
  },
});
