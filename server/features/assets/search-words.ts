/**
 * Turns what someone typed into the words a full-text query is made of: split on anything that is not
 * a letter or digit (as both FTS5's unicode61 and PostgreSQL's parser do), lowered, without duplicates.
 */

/** Words too common to say anything about similarity; only dropped when one match is enough. */
const STOP_WORDS = new Set(
  (
    'aber als also am an auch auf aus bei bin bis bitte da damit dann das dass dem den der des die dies diese ' +
    'dieser doch du ein eine einem einen einer eines er es für gibt habe haben hat ich ihr im in ist ja kann ' +
    'kein mit muss nach nicht noch nur oder sich sie sind so und uns vom von vor wie wir wird zu zum zur ' +
    'a about all an and are as at be but by can do for from have i if in is it me my need no not of on or our ' +
    'please so that the this to us we with you your'
  ).split(' '),
);

/** A longer text (a request description) contributes its first words only: enough to find neighbours. */
const MAX_WORDS = 12;

export function searchWordsOf(text: string, options: { dropStopWords: boolean }): string[] {
  const words = text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w.length >= 2 && !(options.dropStopWords && STOP_WORDS.has(w)));
  return [...new Set(words)].slice(0, MAX_WORDS);
}
