/** Types for the part of cose-base (fcose's spring embedder, which ships none) that ./background.ts uses. */
declare module 'cose-base' {
  /** cose-base's layout class: one `tick` is one iteration of the spring embedder. */
  const coseBase: { CoSELayout: { prototype: { tick(): boolean } } };
  export default coseBase;
}
