import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    // 2-core machines: property tests and simulations are CPU-bound.
    pool: 'forks',
    testTimeout: 120_000,
  },
});
