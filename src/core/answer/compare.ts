// Comparisons: "who patches the OS on EC2 vs RDS vs Lambda?", "on EC2 and on RDS", "EC2 or Fargate:
// who updates the host?". The same question is answered once per service, so the card can show the
// line moving from IaaS to managed to serverless.
import type { DetectedService } from './services.ts';

/** Words that make two services named together a comparison rather than a setting ("EC2 writing to S3"). */
const CUE = /\b(vs|versus|compared?|comparing|comparison|difference|differ|differs|between)\b/;

/**
 * The services a question compares, in the order named, or undefined when it compares nothing: at
 * least two different services, named outright, with a comparison word or joined by "and"/"or"/","
 * ("EC2 and RDS", "on EC2, on RDS and on Lambda").
 */
export function comparedServices(tokens: readonly string[], services: readonly DetectedService[]): DetectedService[] | undefined {
  const distinct: DetectedService[] = [];
  for (const s of services) {
    if (s.strong && !distinct.some((d) => d.ref.service.id === s.ref.service.id && d.ref.pack === s.ref.pack)) distinct.push(s);
  }
  if (distinct.length < 2) return undefined;
  if (CUE.test(tokens.join(' '))) return distinct;
  // A list: only joining words between consecutive service names ("ebs, efs and s3", "on EC2 and on
  // RDS"), with an "and" or "or" somewhere in it. The longest such run is compared ("ddos protection
  // for CloudFront and Route 53": CloudFront and Route 53, not Shield).
  let best: DetectedService[] = [];
  let run: DetectedService[] = [distinct[0]!];
  let joined = false;
  let bestJoined = false;
  for (let i = 1; i <= distinct.length; i++) {
    const between = i < distinct.length ? tokens.slice(distinct[i - 1]!.end, distinct[i]!.start) : undefined;
    if (between && between.length <= 3 && between.every((w) => JOINERS.has(w))) {
      run.push(distinct[i]!);
      if (between.includes('and') || between.includes('or')) joined = true;
      continue;
    }
    if (joined && run.length > best.length) [best, bestJoined] = [run, true];
    if (i < distinct.length) [run, joined] = [[distinct[i]!], false];
  }
  return bestJoined && best.length >= 2 ? best : undefined;
}

const JOINERS = new Set(['and', 'or', 'on', 'in', 'with', 'for', 'using', 'the', 'amazon', 'aws', 'then', 'also']);

/** The question's tokens for one of the compared services: the others and the comparison words removed. */
export function tokensFor(tokens: readonly string[], compared: readonly DetectedService[], keep: DetectedService): string[] {
  const drop = new Set<number>();
  for (const s of compared) if (s !== keep) for (let i = s.start; i < s.end; i++) drop.add(i);
  return tokens.filter((w, i) => !drop.has(i) && !CUE.test(w));
}

/** What is asked of every service: the question without the service names and the words joining them. */
export function subjectOf(tokens: readonly string[], compared: readonly DetectedService[]): string[] {
  const inService = (i: number) => compared.some((s) => i >= s.start && i < s.end);
  const keep = tokens.map((_, i) => !inService(i));
  // Joining words next to a removed name ("on", "vs", "and") go with it.
  for (let pass = 0; pass < 2; pass++) {
    tokens.forEach((w, i) => {
      if (!keep[i] || !(JOINERS.has(w) || CUE.test(w))) return;
      if ((i > 0 && !keep[i - 1]) || (i + 1 < tokens.length && !keep[i + 1])) keep[i] = false;
    });
  }
  return tokens.filter((_, i) => keep[i]);
}
