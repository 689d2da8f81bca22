/**
 * Plain-English scoring: Flesch reading ease over a text's sentences, with
 * syllables counted by the `syllable` package. Each line (a heading, a list
 * item, a label) and each . ! ? ends a sentence, so short labels count as
 * the short sentences they are. Numbers, email addresses and links are left
 * out: they are not words a person reads for sense.
 *
 *   score(text) → { ease, words, sentences, worst: [{ sentence, ease }] }
 *
 * Flesch reading ease: 60–70 is plain English (about age 13–15); GOV.UK aims
 * for a reading age of 9, which short sentences and common words give.
 */
import { syllable } from 'syllable';

export const READING_EASE_THRESHOLD = 60;

export interface SentenceScore {
  sentence: string;
  ease: number;
}

export interface Readability {
  ease: number;
  words: number;
  sentences: number;
  /** The hardest sentences of four words or more, hardest first. */
  worst: SentenceScore[];
}

const wordsOf = (sentence: string) =>
  sentence
    .split(/\s+/)
    .filter((t) => !/[@/]|^https?:/i.test(t))
    .map((t) => t.replace(/[^A-Za-z’'-]/g, '').replace(/^['’-]+|['’-]+$/g, ''))
    .filter((w) => /[A-Za-z]/.test(w));

const flesch = (words: number, sentences: number, syllables: number) =>
  206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words);

const syllablesOf = (words: string[]) => words.reduce((n, w) => n + Math.max(1, syllable(w.replace(/’/g, "'"))), 0);

export function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z0-9“‘"'(])/))
    .map((s) => s.trim())
    .filter((s) => wordsOf(s).length > 0);
}

export function score(text: string): Readability {
  const sentences = sentencesOf(text);
  const all = sentences.flatMap(wordsOf);
  const scored = sentences
    .map((sentence) => {
      const words = wordsOf(sentence);
      return { sentence, words: words.length, ease: flesch(words.length, 1, syllablesOf(words)) };
    })
    .filter((s) => s.words >= 4)
    .sort((a, b) => a.ease - b.ease)
    .map(({ sentence, ease }) => ({ sentence, ease: Math.round(ease) }));
  return {
    ease: all.length ? Math.round(flesch(all.length, sentences.length, syllablesOf(all)) * 10) / 10 : 100,
    words: all.length,
    sentences: sentences.length,
    worst: scored.slice(0, 5),
  };
}

/** A readable report of one text's score and its worst sentences. */
export function report(name: string, r: Readability): string {
  return [`${name}: reading ease ${r.ease} (${r.words} words, ${r.sentences} sentences)`, ...r.worst.map((w) => `    ${w.ease}  ${w.sentence}`)].join('\n');
}
