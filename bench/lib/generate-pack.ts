// A seeded generator of large, realistic knowledge packs for the scale benchmarks. Nothing here is
// committed data: the same (size, seed) always gives the same pack, written as YAML to a temp dir and
// loaded through the real loader (so it is validated like any pack).
//
// Topics are built from a vocabulary of cloud words (actions × qualifiers × objects × services), so
// they overlap heavily — thousands of topics share "encryption", "snapshot", "rds"… — and the answer
// engine's inverted index and typo repair have real work to do. Services, parties and synonyms are
// the real AWS pack's, so service detection and synonym folding behave as in production.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KnowledgePack } from '../../src/core/knowledge/loader.ts';
import type { Service, Topic } from '../../src/core/knowledge/schema.ts';
import { chance, int, pick, seeded, shuffle, type Rng } from './random.ts';

interface Action {
  base: string;
  third: string;
  gerund: string;
  noun: string;
  synonyms: string[];
}

type Side = 'aws' | 'customer' | 'shared';

interface Thing {
  one: string;
  many: string;
  side: Side;
}

const ACTIONS: Action[] = `
patch|patches|patching|patching|update,fix,upgrade
rotate|rotates|rotating|rotation|cycle,renew,roll over
encrypt|encrypts|encrypting|encryption|protect,seal
back up|backs up|backing up|backup|snapshot,copy
restore|restores|restoring|restoration|recover,roll back
monitor|monitors|monitoring|monitoring|watch,observe,track
audit|audits|auditing|audit|review,inspect
configure|configures|configuring|configuration|set up,tune
harden|hardens|hardening|hardening|lock down,secure
provision|provisions|provisioning|provisioning|create,deploy,spin up
decommission|decommissions|decommissioning|decommissioning|retire,remove,tear down
replicate|replicates|replicating|replication|mirror,copy
scale|scales|scaling|scaling|resize,grow
log|logs|logging|logging|record,capture
scan|scans|scanning|scanning|check,test
isolate|isolates|isolating|isolation|segment,separate
authenticate|authenticates|authenticating|authentication|verify,sign in
authorize|authorizes|authorizing|authorization|permit,grant access to
validate|validates|validating|validation|verify,check
migrate|migrates|migrating|migration|move,transfer
secure|secures|securing|security|protect,safeguard
manage|manages|managing|management|run,administer,operate
tag|tags|tagging|tagging|label,classify
archive|archives|archiving|archival|store,retain
delete|deletes|deleting|deletion|purge,erase,wipe
expose|exposes|exposing|exposure|publish,open up
throttle|throttles|throttling|throttling|limit,rate limit
fail over|fails over|failing over|failover|switch over,cut over
inventory|inventories|inventorying|inventory|catalog,list
tune|tunes|tuning|tuning|optimize,adjust
document|documents|documenting|documentation|write up,describe
approve|approves|approving|approval|sign off,authorise
revoke|revokes|revoking|revocation|withdraw,cancel
cache|caches|caching|caching|store,buffer
compress|compresses|compressing|compression|shrink,pack
benchmark|benchmarks|benchmarking|benchmarking|measure,load test
alert on|alerts on|alerting on|alerting|page on,notify on
baseline|baselines|baselining|baselining|standardize,template
quarantine|quarantines|quarantining|quarantine|contain,isolate
`
  .trim()
  .split('\n')
  .map((line) => {
    const [base, third, gerund, noun, synonyms] = line.split('|') as [string, string, string, string, string];
    return { base, third, gerund, noun, synonyms: synonyms.split(',') };
  });

const OBJECTS: Thing[] = `
encryption key|encryption keys|customer
access key|access keys|customer
tls certificate|tls certificates|customer
database snapshot|database snapshots|customer
storage volume|storage volumes|customer
object bucket|object buckets|customer
subnet|subnets|customer
route table|route tables|customer
nat gateway|nat gateways|customer
load balancer listener|load balancer listeners|customer
container image|container images|customer
function code|function code|customer
language runtime|language runtimes|aws
log group|log groups|customer
audit trail|audit trails|customer
metric alarm|metric alarms|customer
iam role|iam roles|customer
service account|service accounts|customer
bucket policy|bucket policies|customer
parameter group|parameter groups|customer
read replica|read replicas|shared
cluster node|cluster nodes|shared
worker node|worker nodes|customer
control plane|control planes|aws
host firmware|host firmware|aws
hypervisor|hypervisors|aws
storage array|storage arrays|aws
network switch|network switches|aws
edge cache|edge caches|aws
dns record|dns records|customer
vpn tunnel|vpn tunnels|shared
api key|api keys|customer
webhook secret|webhook secrets|customer
ssh key pair|ssh key pairs|customer
guest kernel|guest kernels|customer
host kernel|host kernels|aws
application dependency|application dependencies|customer
scheduled job|scheduled jobs|customer
message queue|message queues|customer
dead letter queue|dead letter queues|customer
event bus|event buses|customer
data pipeline|data pipelines|customer
etl job|etl jobs|customer
ml model|ml models|customer
training dataset|training datasets|customer
notebook instance|notebook instances|customer
build artifact|build artifacts|customer
deployment pipeline|deployment pipelines|customer
feature flag|feature flags|customer
session token|session tokens|customer
user password|user passwords|customer
mfa device|mfa devices|customer
root account|root accounts|customer
billing alarm|billing alarms|customer
compliance report|compliance reports|shared
penetration test|penetration tests|customer
vulnerability scan|vulnerability scans|shared
incident runbook|incident runbooks|customer
recovery plan|recovery plans|shared
backup vault|backup vaults|customer
retention policy|retention policies|customer
lifecycle rule|lifecycle rules|customer
object version|object versions|customer
replication rule|replication rules|customer
firewall rule|firewall rules|customer
traffic mirror|traffic mirrors|customer
flow log|flow logs|customer
packet capture|packet captures|customer
bastion host|bastion hosts|customer
patch baseline|patch baselines|shared
machine image|machine images|customer
container registry|container registries|customer
helm chart|helm charts|customer
sidecar proxy|sidecar proxies|customer
service mesh|service meshes|customer
physical server|physical servers|aws
power supply|power supplies|aws
cooling unit|cooling units|aws
fiber link|fiber links|aws
storage device|storage devices|aws
hardware security module|hardware security modules|aws
virtualization layer|virtualization layers|aws
managed endpoint|managed endpoints|shared
regional endpoint|regional endpoints|aws
configuration baseline|configuration baselines|shared
staff training record|staff training records|shared
access review|access reviews|customer
cross account trust|cross account trusts|customer
data classification label|data classification labels|customer
`
  .trim()
  .split('\n')
  .map((line) => {
    const [one, many, side] = line.split('|') as [string, string, Side];
    return { one, many, side };
  });

const QUALIFIERS: { word: string; side?: Side }[] = `
production staging development cross-account regional multi-az encrypted unencrypted public private
customer-managed:customer aws-managed:aws legacy ephemeral archived shared default tenant internal external
third-party serverless on-premises hybrid global untagged idle orphaned stale critical sensitive regulated
high-traffic read-only write-heavy short-lived long-running nightly weekly disaster-recovery
`
  .trim()
  .split(/\s+/)
  .map((w) => {
    const [word, side] = w.split(':') as [string, Side | undefined];
    return side ? { word, side } : { word };
  });

/** How a general (not service-specific) topic refers to where it happens. */
const GENERAL_PLACES = ['aws', 'the cloud', 'our aws account', 'amazon web services', 'our cloud environment'];
const PREPS = ['on', 'in', 'for', 'inside', 'across'];

const REASONS = [
  (r: Rng, s: Slots) => `Teams usually automate it with ${placeOf(r, s)} tooling and review it during ${pick(r, ACTIONS).noun} audits.`,
  (r: Rng, s: Slots) => `Getting it wrong can expose ${pick(r, OBJECTS).many} or break ${pick(r, QUALIFIERS).word} ${pick(r, OBJECTS).many}.`,
  (r: Rng, s: Slots) => `It sits next to ${pick(r, ACTIONS).noun} of ${s.object.many} in most runbooks, and auditors ask for evidence of both.`,
  (r: Rng) => `A common exam trap is to confuse it with ${pick(r, ACTIONS).noun} of ${pick(r, OBJECTS).many}, which follows a different split.`,
  (r: Rng, s: Slots) => `The ${s.qualifier.word} case matters because ${pick(r, OBJECTS).many} and ${pick(r, OBJECTS).many} often share the same settings.`,
];

interface Slots {
  action: Action;
  object: Thing;
  qualifier: { word: string; side?: Side };
  service: Service | undefined;
  prep: string;
}

function placeOf(rng: Rng, s: Slots): string {
  if (!s.service) return pick(rng, GENERAL_PLACES);
  return pick(rng, [s.service.name, s.service.id, ...s.service.aliases]).toLowerCase();
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const TITLES: ((s: Slots, where: string) => string)[] = [
  (s, where) => `${cap(s.action.gerund)} ${s.qualifier.word} ${s.object.many} ${s.prep} ${where}`,
  (s, where) => `${cap(s.object.one)} ${s.action.noun} for ${s.qualifier.word} workloads ${s.prep} ${where}`,
  (s, where) => `${cap(s.action.noun)} of ${s.qualifier.word} ${s.object.many} ${s.prep} ${where}`,
];

const ALIASES: ((r: Rng, s: Slots) => string)[] = [
  (r, s) => `${s.action.base} ${s.qualifier.word} ${s.object.many} ${s.prep} ${placeOf(r, s)}`,
  (r, s) => `${placeOf(r, s)} ${s.object.one} ${s.action.noun}`,
  (r, s) => `who ${s.action.third} the ${s.object.many} ${s.prep} ${placeOf(r, s)}`,
  (_r, s) => `${s.action.noun} of ${s.qualifier.word} ${s.object.many}`,
  (r, s) => `${pick(r, s.action.synonyms)} ${s.object.many} ${s.prep} my ${placeOf(r, s)}`,
  (r, s) => `is ${s.action.gerund} ${s.object.many} our job ${s.prep} ${placeOf(r, s)}`,
  (r, s) => `${s.qualifier.word} ${s.object.one} ${s.action.noun} ${s.prep} ${placeOf(r, s)}`,
  (r, s) => `${s.object.many} ${s.action.gerund} in ${placeOf(r, s)}`,
  (r, s) => `who should ${pick(r, s.action.synonyms)} ${s.qualifier.word} ${s.object.many}`,
  (r, s) => `${s.action.gerund} ${s.object.many} for ${s.qualifier.word} ${placeOf(r, s)} workloads`,
  (r, s) => `${pick(r, s.action.synonyms)} the ${s.object.one} ${s.prep} ${placeOf(r, s)}`,
  (r, s) => `${s.object.one} ${s.action.noun} policy for ${placeOf(r, s)}`,
];

const SIDE_SENTENCE: Record<Side, string> = {
  aws: 'is handled by AWS, because it is part of the infrastructure that runs the service and customers never get access to it.',
  customer: 'is the customer’s job, because it concerns how the customer configures and uses the service and what it puts into it.',
  shared: 'is shared: AWS covers the underlying platform and the managed parts, while the customer covers its own configuration and data.',
};

export interface GeneratedPack {
  /** Files relative to the pack directory → YAML text. */
  files: Record<string, string>;
  topics: Topic[];
  packId: string;
}

export interface GenerateOptions {
  topics: number;
  seed: number;
  /** The real pack, whose parties, synonyms and services the generated pack reuses. */
  base: KnowledgePack;
  topicsPerFile?: number;
}

export function generatePack(opts: GenerateOptions): GeneratedPack {
  const rng = seeded(opts.seed);
  const services = opts.base.services;
  const seen = new Set<string>();
  const topics: Topic[] = [];
  while (topics.length < opts.topics) {
    const slots: Slots = {
      action: pick(rng, ACTIONS),
      object: pick(rng, OBJECTS),
      qualifier: pick(rng, QUALIFIERS),
      service: chance(rng, 0.15) ? undefined : pick(rng, services),
      prep: pick(rng, PREPS),
    };
    const key = `${slots.action.base}|${slots.object.one}|${slots.qualifier.word}|${slots.service?.id ?? 'general'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = slots.service ? slots.service.name : 'AWS';
    const title = pick(rng, TITLES)(slots, where);
    const responsible: Side = chance(rng, 0.75)
      ? slots.object.side
      : (slots.qualifier.side ?? pick(rng, ['aws', 'customer', 'customer', 'shared'] as const));
    const aliasCount = int(rng, 6, 10);
    const aliases: string[] = [];
    for (const make of shuffle(rng, ALIASES)) {
      const alias = make(rng, slots);
      if (!aliases.includes(alias) && alias !== title.toLowerCase()) aliases.push(alias);
      if (aliases.length >= aliasCount) break;
    }
    const explanation = [
      `${cap(slots.action.gerund)} ${slots.qualifier.word} ${slots.object.many} ${slots.prep} ${where} ${SIDE_SENTENCE[responsible]}`,
      pick(rng, REASONS)(rng, slots),
      chance(rng, 0.5) ? pick(rng, REASONS)(rng, slots) : '',
    ]
      .filter(Boolean)
      .join(' ');
    const topic: Topic = {
      id: `g${String(topics.length).padStart(5, '0')}-${slug(`${slots.action.base} ${slots.object.one} ${slots.service?.id ?? 'general'}`)}`,
      title,
      responsible,
      services: [slots.service?.id ?? 'general'],
      aliases,
      explanation,
      sources: [{ title: 'Synthetic benchmark topic (bench/lib/generate-pack.ts)' }],
    };
    if (responsible === 'shared') {
      topic.split = {
        aws: `Runs and secures the platform beneath the ${slots.object.many}${slots.service ? ` of ${slots.service.name}` : ''}.`,
        customer: `${cap(slots.action.base)}s its own ${slots.qualifier.word} ${slots.object.many} and keeps the settings right.`,
      };
    }
    if (chance(rng, 0.3)) topic.examTip = `Ask who operates the ${slots.object.one}: here that is ${responsible === 'shared' ? 'both sides' : responsible === 'aws' ? 'AWS' : 'the customer'}.`;
    topics.push(topic);
  }

  const packId = `bench-${opts.topics}`;
  const manifest = {
    id: packId,
    name: `Benchmark pack (${opts.topics} generated topics)`,
    description: `Generated by bench/lib/generate-pack.ts with seed ${opts.seed}; not committed data.`,
    parties: opts.base.parties,
    synonyms: opts.base.synonyms,
  };
  const files: Record<string, string> = {
    'pack.yaml': stringify(manifest),
    'services.yaml': stringify({ models: opts.base.models, services }),
  };
  const perFile = opts.topicsPerFile ?? 500;
  for (let i = 0; i < topics.length; i += perFile) {
    files[`topics/generated-${String(i / perFile).padStart(3, '0')}.yaml`] = stringify({ topics: topics.slice(i, i + perFile) }, { lineWidth: 0 });
  }
  return { files, topics, packId };
}

/** Writes the pack under `<root>/<pack id>/` and returns `root` (a KNOWLEDGE_DIR). */
export function writePack(root: string, pack: GeneratedPack): string {
  for (const [name, content] of Object.entries(pack.files)) {
    const path = join(root, pack.packId, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}
