/**
 * The source's five "check your understanding" questions, each answered from verification
 * evidence: the properties and strategies that settle it, and, from the verdicts computed at run
 * time, whether the evidence agrees with the answer, with the counterexamples that show it.
 */
import { strategyIds } from '../model/registry.ts';
import type { StrategyId } from '../model/types.ts';
import { property } from '../properties/catalog.ts';
import type { Result } from '../properties/results.ts';
import type { PropertyId } from '../properties/types.ts';

export type QuestionId = 'q1' | 'q2' | 'q3' | 'q4' | 'q5';

export interface Question {
  readonly id: QuestionId;
  readonly question: string;
  /** The answer the evidence is checked against. */
  readonly answer: string;
  readonly properties: readonly PropertyId[];
  readonly strategies: readonly StrategyId[];
}

export const questions: readonly Question[] = [
  {
    id: 'q1',
    question: 'Why does keeping session state in a server\'s memory break the interchangeability of servers?',
    answer: 'Only the node that handled the login holds the session, so the answer depends on which node the balancer picks: a login on one node followed by a request on another gets "who are you?". A shared store or a self-contained token lets every node answer alike.',
    properties: ['stateless.any-node-serves', 'stateless.no-node-memory', 'login.follows-user'],
    strategies: ['in-memory', 'central-store', 'jwt'],
  },
  {
    id: 'q2',
    question: 'What do sticky sessions give up?',
    answer: 'Pinning each user to one node makes a login follow the user, but the server is still not stateless: a crashed node takes its sessions with it, draining a node for a deploy logs its users out, and a new node cannot take over existing users, so load cannot rebalance.',
    properties: ['login.follows-user', 'stateless.any-node-serves', 'failover.sessions-survive', 'deploy.no-logout', 'scale.new-node-serves'],
    strategies: ['sticky'],
  },
  {
    id: 'q3',
    question: 'What is the main trade-off between a central session store and JWTs?',
    answer: 'A central store revokes and logs out instantly but costs a store round trip on every request and refuses requests while the store is down; JWTs need no hop and survive store outages, but cannot be revoked or logged out before they expire, and they grow with the data they carry.',
    properties: ['revocation.instant', 'logout.invalidates', 'hop.none-per-request', 'store.outage-tolerant', 'token.constant-size'],
    strategies: ['central-store', 'jwt'],
  },
  {
    id: 'q4',
    question: 'Where does the state go in each approach?',
    answer: 'In-memory and sticky keep it in node memory; a central store keeps it in the shared store; a JWT carries it in the token the client sends; refresh tokens and denylists put part of it back in the store.',
    properties: ['stateless.no-node-memory', 'store.none', 'token.constant-size'],
    strategies: strategyIds,
  },
  {
    id: 'q5',
    question: 'Why does the store become the thing to scale and protect?',
    answer: 'Once per-client data (sessions, refresh-token families, revocations) lives in the store, it must be kept safe and available. With a central store or a denylist every ordinary request also makes a round trip to it and is refused while it is down, so it is on the path of all traffic; refresh tokens only touch it on login, refresh and logout.',
    properties: ['store.none', 'hop.none-per-request', 'store.outage-tolerant-ordinary', 'store.outage-tolerant'],
    strategies: ['central-store', 'jwt-refresh', 'jwt-denylist'],
  },
];

export function isQuestionId(value: string): value is QuestionId {
  return questions.some((q) => q.id === value);
}

/** Every cell the questions need, for one verification run. */
export function neededCells(selected: readonly Question[]): { strategies: StrategyId[]; properties: PropertyId[] } {
  const strategies = strategyIds.filter((s) => selected.some((q) => q.strategies.includes(s)));
  const properties = [...new Set(selected.flatMap((q) => q.properties))];
  return { strategies, properties };
}

function line(r: Result): string {
  const mark = r.verdict === 'holds' ? '✓ holds  ' : r.verdict === 'refuted' ? '✗ refuted' : 'n/a      ';
  const differs = r.verdict !== 'n/a' && r.verdict !== r.expected ? ` (the catalog expects ${r.expected})` : '';
  const evidence = r.counterexample
    ? `: ${r.counterexample.actions.join(' → ')}; ${r.counterexample.detail}`
    : r.verdict === 'holds' ? ` (no counterexample in ${r.runs} runs)` : r.note ? ` (${r.note})` : '';
  return `    ${r.strategy.padEnd(13)} ${mark}${differs}${evidence}`;
}

/** Where the state of a strategy lives, read off its verdicts. */
function whereStateGoes(results: readonly Result[], s: StrategyId): string {
  const refuted = (p: PropertyId) => results.some((r) => r.strategy === s && r.property === p && r.verdict === 'refuted');
  const places = [
    ...(refuted('stateless.no-node-memory') ? ['node memory'] : []),
    ...(refuted('store.none') ? ['the shared store'] : []),
    ...(refuted('token.constant-size') ? ['the token the client sends'] : []),
  ];
  return `    ${s.padEnd(13)} ${places.length ? places.join(' + ') : 'nowhere the evidence shows'}`;
}

/** The answer to one question with its evidence, from the results of a verification run. */
export function explainQuestion(q: Question, results: readonly Result[]): string {
  const relevant = (p: PropertyId) => q.strategies.map((s) => results.find((r) => r.strategy === s && r.property === p)).filter((r): r is Result => r !== undefined);
  const all = q.properties.flatMap(relevant);
  const disagree = all.filter((r) => r.verdict !== 'n/a' && r.verdict !== r.expected);
  const out = [`${q.id}. ${q.question}`, '', `  ${q.answer}`, '', '  Evidence:'];
  for (const p of q.properties) {
    out.push(`  ${p}: ${property(p).statement}`);
    out.push(...relevant(p).map(line));
  }
  if (q.id === 'q4') out.push('', '  Where the state goes, read off the verdicts above:', ...q.strategies.map((s) => whereStateGoes(results, s)));
  out.push('', disagree.length === 0
    ? `  The evidence agrees: all ${all.length} verdicts are the ones this answer relies on.`
    : `  The evidence DISAGREES with this answer on ${disagree.map((r) => `${r.strategy} × ${r.property}`).join(', ')}.`);
  return `${out.join('\n')}\n`;
}
