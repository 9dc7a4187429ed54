const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// Three entry points from one codebase: the HTTP API, the queue worker and the CLI tools.
module.exports = {
  entry: {
    main: './src/main.ts',
    worker: './src/worker.ts',
    cli: './src/cli.ts',
  },
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    filename: '[name].js',
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      assets: [],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
      transformers: [
        {
          name: '@nestjs/swagger/plugin',
          options: { classValidatorShim: true, introspectComments: true, dtoFileNameSuffix: ['.dto.ts'] },
        },
      ],
    }),
  ],
};
