export {
  maxCheckDefinitionsFileBytes,
  parseCheckDefinitionsFile,
} from './parseCheckDefinitionsFile';
export type { ParseCheckDefinitionsFileOptions } from './parseCheckDefinitionsFile';
