// Splits a command's text into positional words and named options. Named options use key:value or
// key=value with a known key (so "09:00" stays a word), and "quoted values" may contain spaces. The
// Discord adapter sends structured options in exactly this form, so there is one parser for all.
export interface ParsedArgs {
  positional: string[];
  named: Record<string, string>;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

export function parseArgs(text: string, knownKeys: readonly string[]): ParsedArgs {
  const tokens: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    let token = '';
    while (i < s.length && !/\s/.test(s[i]!)) {
      const close = QUOTES[s[i]!];
      if (close) {
        const end = s.indexOf(close, i + 1);
        if (end === -1) {
          token += s.slice(i + 1);
          i = s.length;
        } else {
          token += s.slice(i + 1, end);
          i = end + 1;
        }
      } else token += s[i++];
    }
    tokens.push(token);
  }
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const t of tokens) {
    const m = /^([a-z]+)[:=]([\s\S]*)$/i.exec(t);
    if (m && knownKeys.includes(m[1]!.toLowerCase())) named[m[1]!.toLowerCase()] = m[2]!;
    else positional.push(t);
  }
  return { positional, named };
}
