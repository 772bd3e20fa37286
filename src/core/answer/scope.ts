// Is a line a responsibility question at all? Chit-chat, numbers, emoji, other clouds, billing and
// trivia get one short line saying what the bot answers — never a verdict, however well a word of
// them happens to match a topic.
import { isStopword } from './text.ts';

export type OutsideReason = 'noise' | 'other-cloud' | 'not-responsibility' | 'billing';

/** Words of small talk and acknowledgement: a line made only of these (and stopwords) is chit-chat. */
const CHIT_CHAT = new Set(
  `thanks thank thx ty tysm cheers appreciated appreciate lol lmao rofl haha hahaha heh ok okay okey k kk cool nice great awesome
  amazing wow neat sweet perfect gotcha got it understood noted ack roger hi hello hey heya yo sup hiya howdy bye goodbye cya later
  test testing tested ping pong yes no yep yup nope nah sure fine good bad bot morning night afternoon evening welcome please
  sorry oops hmm hm huh uh um er ah oh ooh idk np smile tada thumbsup thumbs up plus one +1 ty ily love hate wtf omg brb gg
  emoji heart fire clap pray wave ok_hand joy sob sense makes make perfect brilliant excellent gotcha interesting`.split(/\s+/),
);

/** Clouds and platforms that are not AWS. */
const OTHER_CLOUDS =
  /\b(gcp|google cloud|google compute|compute engine|gke|azure|microsoft cloud|hyper v|ibm cloud|oracle cloud|oci|alibaba|aliyun|digitalocean|digital ocean|linode|akamai cloud|hetzner|ovh|ovhcloud|vultr|heroku|vmware|vsphere|proxmox|openstack|rackspace|tencent cloud|huawei cloud|cloudflare)\b/;
const AWS_MARKER = /\b(aws|amazon)\b/;
/** Words of moving workloads from one platform to another. */
const MIGRATION = /\b(migrat\w*|mov(e|ed|es|ing)|lift\w*|shift\w*|onto|rehost\w*|replatform\w*|port(ed|ing)|transfer\w*)\b/;

/** Money words: who pays is a billing question, not a security responsibility. */
const BILLING = /\b(pay|pays|paying|paid|payer|bill|bills|billing|billed|invoice|invoices|invoiced|cost|costs|costing|price|prices|pricing|priced|charge|charges|charged|fee|fees|spend|spending|refund|refunds|discount|discounts|savings plans?|free tier|credits)\b/;

/** Questions about the certification exam itself, not about the model. */
const EXAM_LOGISTICS = /\b(exam|certification|cert|clf|saa)\b.*\b(hard|difficult|easy|pass|passing|score|cost|long|format|registration|register|book|voucher|retake)\b|\b(hard|difficult|easy|pass|passing)\b.*\b(exam|certification)\b/;

/** Questions about facts, definitions or how-tos rather than about who is responsible. */
const NOT_ABOUT_RESPONSIBILITY =
  /^(how (many|much|long|big|fast|old|often)|when (was|did|is|will|does)|where (is|are|can|do|does)|which (\w+ )?(engines?|versions?|regions?|languages?|runtimes?|instance types?|sizes?|databases?|services?|certifications?|exams?|ports?) (does|do|can|are|is|should)|(how (do|can|should|would|to|does)|what (is|are|does|do|s)|what the|explain|define|describe|tell me about|difference between|whats the difference|write (me|us|a|an)|tell me a|give me a|can you (write|tell|make|draw|sing))\b)/;
const RESPONSIBILITY_CUE = /\b(who|whom|whose|responsib\w*|job|duty|duties|accountab\w*|fault|blame|owns?|aws|amazon|customer|our|ours|we|us)\b/;

/** Whether a normalised question asks who is responsible (rather than for a fact or a how-to). */
export function asksForResponsibility(normalizedQuestion: string): boolean {
  const m = NOT_ABOUT_RESPONSIBILITY.exec(normalizedQuestion);
  if (!m) return true;
  // "How many regions does AWS have" is trivia whatever words follow; "what does AWS do for RDS" is not.
  if (/^(how (many|much|long|big|fast|old|often)|when|where|which|write|tell me a|give me a|can you)/.test(m[0])) {
    return /\b(who|whose|responsib\w*)\b/.test(normalizedQuestion) && !/^(write|tell me a|give me a|can you)/.test(m[0]);
  }
  return RESPONSIBILITY_CUE.test(normalizedQuestion.slice(m[0].length));
}

/**
 * Why a line is not a question the packs can answer, judged from its words alone; undefined when it may
 * be one. `hasSubject` says whether anything beyond framing and small talk is left.
 */
export function outsideReason(normalized: string, options: { awsPack: boolean; namesAwsService?: boolean }): OutsideReason | undefined {
  const words = normalized.split(' ').filter(Boolean);
  if (words.length === 0) return undefined;
  const substantive = words.filter((w) => !isStopword(w) && !CHIT_CHAT.has(w) && !/^\d+$/.test(w) && w.length > 1);
  if (substantive.length === 0 && !/\b(who|whose|responsib\w*)\b/.test(normalized)) return 'noise';
  // Another platform moved onto an AWS service ("lifting our VMware VMs onto EC2") is a migration to AWS;
  // an AWS-sounding name on another cloud ("ECS instances on Alibaba") is not.
  const migrating = options.namesAwsService === true && MIGRATION.test(normalized);
  if (options.awsPack && OTHER_CLOUDS.test(normalized) && !AWS_MARKER.test(normalized) && !migrating) return 'other-cloud';
  if (!asksForResponsibility(normalized) || EXAM_LOGISTICS.test(normalized)) return 'not-responsibility';
  return undefined;
}

/** Whether a text names money at all (a topic's own title and phrasings). */
export function namesMoney(normalized: string): boolean {
  return BILLING.test(normalized);
}

/** Whether a line talks about money (a billing question unless a topic clearly matches). */
export function mentionsBilling(normalized: string): boolean {
  if (!BILLING.test(normalized)) return false;
  // "a bucket holding customer invoices", "our billing data": money words naming data that is stored, not who pays.
  const words = normalized.split(' ');
  return words.some((w, i) => {
    if (!BILLING_WORD.test(w)) return false;
    if (DATA_NOUNS.has(words[i + 1] ?? '')) return false;
    return !words.slice(Math.max(0, i - 2), i).some((x) => HOLDING.has(x));
  }) || /\b(savings plans?|free tier)\b/.test(normalized);
}

const BILLING_WORD = new RegExp(`^(?:${BILLING.source.replace(/^\\b\(|\)\\b$/g, '')})$`);
const DATA_NOUNS = new Set(['data', 'files', 'file', 'records', 'record', 'database', 'databases', 'table', 'tables', 'bucket', 'buckets', 'documents', 'pdfs', 'details', 'info', 'information', 'history', 'system', 'systems', 'app', 'application', 'emails', 'exports']);
const HOLDING = new Set(['holding', 'holds', 'hold', 'storing', 'stores', 'store', 'stored', 'containing', 'contains', 'customer', 'customers', 'client', 'clients', 'of', 'with']);

export function mentionsAws(normalized: string): boolean {
  return AWS_MARKER.test(normalized);
}
