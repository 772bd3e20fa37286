// Timezone names as people type them: every IANA name the runtime knows (canonical ones and the old
// links such as CET, US/Pacific or Asia/Calcutta), in any case, kept as the name typed and shown in its
// canonical case ("cet" → "CET", "europe/berlin" → "Europe/Berlin").

// IANA link names Intl accepts but does not list, whose case the rule in caseOf() would get wrong.
const LINKS = [
  'CET', 'CST6CDT', 'EET', 'EST', 'EST5EDT', 'GB', 'GB-Eire', 'GMT', 'GMT+0', 'GMT-0', 'GMT0', 'HST', 'MET', 'MST', 'MST7MDT', 'NZ', 'NZ-CHAT',
  'PRC', 'PST8PDT', 'ROC', 'ROK', 'UCT', 'UTC', 'W-SU', 'WET', 'Etc/UCT', 'Etc/UTC', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0',
  'Australia/ACT', 'Australia/LHI', 'Australia/NSW', 'Brazil/DeNoronha', 'Chile/EasterIsland', 'Mexico/BajaNorte', 'Mexico/BajaSur',
  'US/East-Indiana', 'US/Indiana-Starke', 'America/Argentina/ComodRivadavia', 'America/Knox_IN', 'Antarctica/DumontDUrville', 'Antarctica/McMurdo',
];

let known: Map<string, string> | undefined;

/** Lower-cased name → name in canonical case, for the names listed by the runtime and the links above. */
function knownNames(): Map<string, string> {
  if (!known) {
    const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    known = new Map([...listed, ...LINKS].map((n) => [n.toLowerCase(), n]));
  }
  return known;
}

/** The rule of IANA names: each word capitalised ("america/port_of_spain" → "America/Port_Of_Spain" is close enough), Etc/GMT±n and US/… upper-case. */
function caseOf(name: string): string {
  return name
    .split('/')
    .map((part, i, all) => {
      if (/^(gmt|utc|uct)([+-]\d{1,2})?$/i.test(part) || (i === 0 && all.length > 1 && /^us$/i.test(part))) return part.toUpperCase();
      return part.replace(/[a-z]+/gi, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
    })
    .join('/');
}

/**
 * The timezone `typed` names, in canonical case, or undefined when it is not one. Any name Intl
 * accepts (case-insensitively) is taken; offsets such as "+02:00" are not names and are refused.
 */
export function canonicalTimezone(typed: string): string | undefined {
  const name = typed.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name) || name.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return undefined;
  }
  return knownNames().get(name.toLowerCase()) ?? caseOf(name);
}
