// A reply's form (e.g. /facts edit: a topic as YAML) as a Slack modal: opened with the trigger_id of the
// slash command or button, submitted back as a view_submission that runs the form's core action. A
// refused submission keeps the modal open with the problems under the field (nothing typed is lost);
// a saved one closes it and the answer goes to the user privately.
import type { App, webApi } from '@slack/bolt';
import { clip, privateReply, type Form, type Reply } from '../../core/reply/reply.ts';
import { deliver, type Destination } from './deliver.ts';
import type { ListenerDeps } from './listeners.ts';
import { renderBlocks } from './render-blocks.ts';

export const FORM_CALLBACK_ID = 'core_form';
export const FORM_BLOCK_ID = 'form';
const FORM_ACTION_ID = 'text';

/** Slack's documented limits for modals (https://api.slack.com/reference/surfaces/views). */
export const MODAL_LIMITS = { title: 24, submit: 24, label: 2000, input: 3000, privateMetadata: 3000, error: 1000 } as const;

/** What the modal carries back to us; short keys, as private_metadata holds 3000 characters. */
interface FormMetadata {
  /** The form's core action and its value. */
  a: string;
  v: string;
  /** Where it was opened: the channel, and the response_url to answer there privately (when there was one). */
  c: string;
  r?: string;
}

export interface FormOrigin {
  channelId: string;
  responseUrl?: string;
}

/** The modal for a form, or why Slack cannot show it (the text is longer than a field holds). */
export function formView(reply: Reply, form: Form, origin: FormOrigin): { view: webApi.ViewsOpenArguments['view'] } | { tooLong: string } {
  if (form.initial.length > MODAL_LIMITS.input) {
    return { tooLong: `It is ${form.initial.length} characters long, more than a Slack form holds (${MODAL_LIMITS.input}).` };
  }
  const base: FormMetadata = { a: form.action, v: form.value, c: origin.channelId };
  // A response_url is a nicety (the answer lands where the command was typed); without it, a DM.
  const withUrl = JSON.stringify({ ...base, ...(origin.responseUrl ? { r: origin.responseUrl } : {}) });
  const metadata = withUrl.length <= MODAL_LIMITS.privateMetadata ? withUrl : JSON.stringify(base);
  if (metadata.length > MODAL_LIMITS.privateMetadata) return { tooLong: 'Its details are longer than a Slack form can carry.' };
  return {
    view: {
      type: 'modal',
      callback_id: FORM_CALLBACK_ID,
      private_metadata: metadata,
      title: { type: 'plain_text', text: clip(form.title, MODAL_LIMITS.title) },
      submit: { type: 'plain_text', text: clip(form.submitLabel, MODAL_LIMITS.submit) },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        { type: 'context', elements: [{ type: 'plain_text', text: clip(reply.text, 2000), emoji: false }] },
        {
          type: 'input',
          block_id: FORM_BLOCK_ID,
          label: { type: 'plain_text', text: clip(form.label, MODAL_LIMITS.label) },
          element: { type: 'plain_text_input', action_id: FORM_ACTION_ID, multiline: true, initial_value: form.initial, max_length: MODAL_LIMITS.input },
        },
      ],
    },
  };
}

/**
 * Opens the modal of each reply with a form and returns the replies still to send: the others, and a
 * form Slack could not show, as its text with the reason and where to edit instead.
 */
export async function openForms(replies: Reply[], client: webApi.WebClient, triggerId: string | undefined, origin: FormOrigin, deps: Pick<ListenerDeps, 'core'>): Promise<Reply[]> {
  const rest: Reply[] = [];
  for (const reply of replies) {
    const form = reply.form;
    if (!form) {
      rest.push(reply);
      continue;
    }
    const built = formView(reply, form, origin);
    if ('tooLong' in built) {
      rest.push(cannotOpen(reply, built.tooLong));
      continue;
    }
    try {
      if (!triggerId) throw new Error('no trigger_id to open a modal with');
      await client.views.open({ trigger_id: triggerId, view: built.view });
    } catch (err) {
      // An expired trigger_id (Slack gives 3 seconds) or a refused view: say so rather than go quiet.
      deps.core.log.warn({ err, action: form.action }, 'slack: could not open a form');
      rest.push(cannotOpen(reply, 'Slack did not let me open the form in time.'));
    }
  }
  return rest;
}

/** Mentions and DMs come with no trigger_id, so a form asked for in a message is told where it opens. */
export function formsAsText(replies: Reply[]): Reply[] {
  return replies.map((r) => (r.form ? cannotOpen(r, 'A form opens from a slash command, not from a message: type it as /facts in the message box.') : r));
}

function cannotOpen(reply: Reply, why: string): Reply {
  return privateReply(`${reply.text}\n${why} Run the command again, or make the change in the console (npm start without chat tokens, on the same database) or in the pack's YAML files.`);
}

/** How long a submission may take before the modal is closed and its answer sent afterwards (Slack waits 3 s). */
const ANSWER_IN_ACK_WITHIN_MS = 2500;

export function registerForms(app: App, deps: ListenerDeps): void {
  app.view(FORM_CALLBACK_ID, async ({ ack, body, view }) => {
    const meta = parseMetadata(view.private_metadata);
    if (!meta) {
      await ack({ response_action: 'errors', errors: { [FORM_BLOCK_ID]: 'This form is out of date. Close it and run the command again.' } });
      return;
    }
    const text = view.state.values[FORM_BLOCK_ID]?.[FORM_ACTION_ID]?.value ?? '';
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const ctx = deps.contexts({ userId: body.user.id, userName: body.user.name, teamId, channelId: meta.c });
    await deps.track(async () => {
      const work = deps.core.registry.runAction(meta.a, `${meta.v}\n${text}`, ctx);
      let timer: NodeJS.Timeout | undefined;
      const quick = await Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ANSWER_IN_ACK_WITHIN_MS)))]);
      clearTimeout(timer);
      const problems = quick?.find((r) => r.formProblems?.length)?.formProblems;
      if (problems) {
        await ack({ response_action: 'errors', errors: { [FORM_BLOCK_ID]: clip(problems.map((p) => `• ${p}`).join('\n'), MODAL_LIMITS.error) } });
        return;
      }
      await ack();
      const replies = quick ?? (await work);
      await answer(replies, meta, teamId, body.user.id, deps);
    });
  });
}

/**
 * The answer goes where the command was typed, privately, through its response_url while Slack still
 * takes messages there (30 minutes); after that, or without one, to the user's DM.
 */
async function answer(replies: Reply[], meta: FormMetadata, workspaceId: string, userId: string, deps: ListenerDeps): Promise<void> {
  const dm: Destination = { kind: 'dm', workspaceId, userId };
  for (const reply of replies) {
    if (meta.r && (await viaResponseUrl(meta.r, reply, deps))) continue;
    await deliver([reply], dm, { messenger: deps.messenger, log: deps.core.log });
  }
}

async function viaResponseUrl(url: string, reply: Reply, deps: ListenerDeps): Promise<boolean> {
  try {
    const { text, blocks } = renderBlocks(reply);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text, blocks }), signal: AbortSignal.timeout(10_000) });
    return res.ok;
  } catch (err) {
    deps.core.log.info({ err }, 'slack: a form answer could not use the response_url; sending it as a DM');
    return false;
  }
}

function parseMetadata(raw: string): FormMetadata | undefined {
  try {
    const m = JSON.parse(raw) as Partial<FormMetadata>;
    return typeof m.a === 'string' && typeof m.v === 'string' && typeof m.c === 'string' ? (m as FormMetadata) : undefined;
  } catch {
    return undefined;
  }
}
