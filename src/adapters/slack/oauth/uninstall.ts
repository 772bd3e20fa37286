// Clean-up when a workspace lets the bot go. app_uninstalled: its installation (the sealed token) and
// its daily-question schedules are deleted, so nothing keeps trying to post there; quiz history stays,
// so a reinstall finds its scores. tokens_revoked for the bot token: the installation is deleted (the
// token is dead; a reinstall brings a new one). Both events come without a usable token, and Bolt
// skips authorisation for them.
import type { App } from '@slack/bolt';
import type { Core } from '../../../core/responsibot.ts';
import type { SlackInstallations } from './installations.ts';

export function registerInstallationEvents(app: App, deps: { core: Core; installations: SlackInstallations }): void {
  const { core, installations } = deps;
  const log = core.log;

  app.event('app_uninstalled', async ({ body }) => {
    const teamId = body.team_id;
    const enterpriseId = body.enterprise_id ?? undefined;
    const isEnterpriseInstall = Boolean(body.is_enterprise_install);
    await installations.deleteInstallation(isEnterpriseInstall ? { isEnterpriseInstall: true, enterpriseId: enterpriseId!, teamId: undefined } : { isEnterpriseInstall: false, teamId, enterpriseId });
    let schedules = 0;
    if (core.quiz) {
      for (const s of await core.quiz.store.listSchedules()) {
        if (s.platform === 'slack' && s.workspaceId === teamId && (await core.quiz.store.deleteSchedule(s))) schedules++;
      }
    }
    log.info({ team: teamId, schedules }, 'slack: uninstalled from a workspace; its installation and daily schedules are deleted');
  });

  app.event('tokens_revoked', async ({ event, body }) => {
    if (!event.tokens.bot?.length) return; // user tokens: the bot keeps none
    const teamId = body.team_id;
    await installations.deleteInstallation({ isEnterpriseInstall: false, teamId, enterpriseId: body.enterprise_id ?? undefined });
    log.info({ team: teamId }, 'slack: the bot token of a workspace was revoked; its installation is deleted');
  });
}
