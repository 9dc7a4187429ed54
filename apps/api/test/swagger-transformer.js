// Lets ts-jest apply the @nestjs/swagger compiler plugin, as the webpack build does, so
// the integration tests see the same OpenAPI document as production.
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) =>
  plugin.before(
    { classValidatorShim: true, introspectComments: true, dtoFileNameSuffix: ['.dto.ts'] },
    compiler.program,
  );
