// The letter's required parts (the seed: a neutral description of the behaviour, its impact, the plan, the consequences), found in the members' text and each carried exactly once.

/** The letter section split into what happened and its impact (a paragraph starting "Impact:" begins the impact). */
export interface LetterParts {
  behaviour: string;
  impact: string;
}

const IMPACT_HEAD = /^\s*(its\s+|the\s+)?(negative\s+)?impact\b\s*(of\s+(this|that|the)\s+behaviou?r\s*)?:?/i;
// A heading needs its colon, or the line to itself: "Plan to meet…" in a description is not a heading.
const PLAN_HEAD = /^\s*(the\s+)?(proposed\s+)?(behaviou?ral\s+modification\s+)?plan\s*(:|$)/i;
const CONSEQUENCES_HEAD = /^\s*(the\s+)?(proposed\s+)?consequences?\s*(:|$)/i;

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Splits the Doc's `Letter to the reported person` section: everything before the first paragraph that starts
 * with "Impact" (as "Impact:", "Its impact:", "The negative impact of this behaviour:") describes the behaviour,
 * the rest its impact. Paragraphs the members headed "Plan:" or "Consequences:", or that repeat the voted plan or
 * consequences word for word, are left out: the letter carries those once, from the vote.
 */
export function splitLetter(section: string, voted: { plan?: string; consequences?: string } = {}): LetterParts {
  const repeats = new Set(
    [voted.plan, voted.consequences].filter((t): t is string => Boolean(t?.trim())).map(normalize),
  );
  const paragraphs = section.split(/\n/);
  const kept: string[] = [];
  let skipping = false;
  for (const line of paragraphs) {
    if (PLAN_HEAD.test(line) || CONSEQUENCES_HEAD.test(line)) {
      skipping = true;
      continue;
    }
    if (skipping && IMPACT_HEAD.test(line)) skipping = false;
    if (skipping && line.trim() !== '') continue;
    if (skipping) {
      skipping = false;
      continue;
    }
    if (repeats.has(normalize(line))) continue;
    kept.push(line);
  }
  const at = kept.findIndex((line) => IMPACT_HEAD.test(line));
  if (at < 0) return { behaviour: kept.join('\n').trim(), impact: '' };
  const first = kept[at].replace(IMPACT_HEAD, '').trim();
  return {
    behaviour: kept.slice(0, at).join('\n').trim(),
    impact: [first, ...kept.slice(at + 1)].join('\n').trim(),
  };
}

/** The required parts that are empty, by the names the page shows: "Send" is not offered while any is. */
export function missingLetterParts(parts: LetterParts, plan: string, consequences: string): string[] {
  const missing: string[] = [];
  if (!parts.behaviour) missing.push('a description of the behaviour in neutral words');
  if (!parts.impact) missing.push('its impact (a paragraph starting "Impact:")');
  if (!plan.trim()) missing.push('the behavioral modification plan');
  if (!consequences.trim()) missing.push('the consequences');
  return missing;
}
