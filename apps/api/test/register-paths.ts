// Global setup runs outside Jest's module resolver: teach Node the workspace's path
// aliases (@baoxue/domain, @baoxue/contracts) from tsconfig.base.json.
import { register } from 'tsconfig-paths';
import { join } from 'node:path';

const base = join(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compilerOptions } = require(join(base, 'tsconfig.base.json'));
register({ baseUrl: base, paths: compilerOptions.paths });
