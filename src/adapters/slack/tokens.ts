// Which bot token speaks for a workspace. With one workspace (SLACK_BOT_TOKEN) every call uses the
// client's own token; with OAuth installs each workspace has its own, looked up from its installation.
// A workspace the bot is no longer installed in is "no access": a person has to reinstall it.
import { DeliveryError } from '../../core/ports/messenger.ts';

/** The token for a team, or undefined for "the client's own". Throws when the team has none. */
export type TokenFor = (teamId: string) => Promise<string | undefined>;

/** Web API call arguments carrying the workspace's token (nothing when the client's own applies). */
export async function tokenArg(tokenFor: TokenFor | undefined, teamId: string | undefined): Promise<{ token?: string }> {
  if (!tokenFor || !teamId) return {};
  let token: string | undefined;
  try {
    token = await tokenFor(teamId);
  } catch (err) {
    if (err instanceof Error && err.name === 'NotInstalledError') throw new DeliveryError('no_access', err.message);
    throw err;
  }
  return token ? { token } : {};
}
