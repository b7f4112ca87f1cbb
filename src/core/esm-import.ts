// The CommonJS build (scripts/build.js, and ts-node for development) turns every `import()` into
// `require()`, so that the commands' code loads lazily; but require() cannot load an ES module with
// top-level await (vega, vega-lite). An import() inside a real ES module (native-import.mjs, which Node
// 20.19 loads by require()) is Node's own, whatever transpiled the caller, vitest included.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nativeImport } = require('./native-import.mjs') as { nativeImport: (specifier: string) => Promise<unknown> };

/** An ES-module package loaded by Node's own import(), resolved from this project. */
export async function importEsm<T>(specifier: string): Promise<T> {
  return (await nativeImport(specifier)) as T;
}
