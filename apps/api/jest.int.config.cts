/**
 * Integration tests (`*.int-spec.ts`): the real app against real PostgreSQL and Redis.
 * Global setup builds template databases once; each test file clones its own.
 */
module.exports = {
  displayName: 'api-int',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        astTransformers: { before: ['<rootDir>/test/swagger-transformer.js'] },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // A cache of its own per checkout: the swagger plugin's output must never come from a stale cache.
  cacheDirectory: '<rootDir>/../../tmp/jest-cache/api-int',
  testTimeout: 60_000,
  maxWorkers: 2,
};
