// Node's own import(), from a real ES module: see esm-import.ts.
export function nativeImport(specifier) {
  return import(specifier);
}
