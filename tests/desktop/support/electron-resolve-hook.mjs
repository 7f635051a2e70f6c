// Module resolve hook (module.register): `electron` → the recording stand-in.
let standInUrl = '';
export function initialize(data) {
  standInUrl = data.url;
}
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: standInUrl, format: 'commonjs', shortCircuit: true };
  return next(specifier, context);
}
