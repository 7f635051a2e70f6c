// `node --import ./register-electron.mjs out/main/index.js`: every `import 'electron'` (ESM,
// through a resolve hook) and every `require('electron')` (CommonJS) gets the stand-in.
import Module, { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const standIn = fileURLToPath(new URL('./electron-stand-in.cjs', import.meta.url));
register(new URL('./electron-resolve-hook.mjs', import.meta.url), {
  data: { url: pathToFileURL(standIn).href },
});
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? standIn : resolveFilename.call(this, request, ...rest);
};
