// How a platform spells the core's commands. Commands have one name in the core ("who"); a platform may
// type it differently (Slack reserves /who, so there it is /responsibot). Everything the core writes
// about a command (help, usage lines, "try /help") goes through here, so each platform's users read
// the names they can actually type.

/** Core command name → the name typed on this platform, only where they differ. */
export type CommandNames = Readonly<Record<string, string>>;

/** "/who" as typed on this platform. */
export function slash(names: CommandNames | undefined, name: string): string {
  return `/${names?.[name] ?? name}`;
}

/**
 * Rewrites every "/name" of a renamed command in a line of text ("/who <question>" → "/responsibot
 * <question>"). Only whole command words count: a URL path or "/whom" is left alone.
 */
export function localise(text: string, names: CommandNames | undefined): string {
  if (!names || Object.keys(names).length === 0) return text;
  return text.replace(/(^|[\s(“"'`·])\/([a-z][\w-]*)(?=$|[\s.,:;!?)”"'`])/gi, (whole, before: string, name: string) => {
    const typed = names[name.toLowerCase()];
    return typed ? `${before}/${typed}` : whole;
  });
}

/** The core name of a command typed on this platform ("responsibot" → "who"); unknown names pass through. */
export function coreName(names: CommandNames | undefined, typed: string): string {
  const lower = typed.toLowerCase();
  for (const [core, platform] of Object.entries(names ?? {})) if (platform.toLowerCase() === lower) return core;
  return lower;
}
