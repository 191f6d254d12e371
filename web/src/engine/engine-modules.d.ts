// The Emscripten ES modules built into build/wasm (imported through the @engine alias).
declare module '@engine/*.mjs' {
  const create: (opts: { locateFile: (p: string) => string }) => Promise<unknown>;
  export default create;
}
