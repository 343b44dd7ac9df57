/**
 * The short texts of the small GPT lessons, written for them (no corpus): few characters, so that
 * every number of the model can be followed.
 */

/** gpt-tiny: four sentences, every pairing of two animals and two verbs; 12 distinct characters. */
export const TINY_TEXT = 'o sapo pula.\no pato nada.\no sapo nada.\no pato pula.\n';

/**
 * attention: a Portuguese tongue twister (traditional, "a aranha arranha a rã"), repetitive enough
 * that looking back a few characters pays; 11 distinct characters.
 */
export const ATTENTION_TEXT =
  'a aranha arranha a rã.\na rã arranha a aranha.\nnem a aranha arranha a rã,\nnem a rã arranha a aranha.\n';
