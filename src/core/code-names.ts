// Code names for cases ("adjective noun"): random, inoffensive, never derived from or echoing anyone's name.

import { nameTokens } from './name-matching';
import { ADJECTIVE_WORDS, NOUN_WORDS } from './code-words';
import { GENDERED_WORDS } from './privacy-lint';

// Why a deny list: a code name is said aloud at events, typed into the status sheet and put in Doc
// titles. In a harassment context a name like "naked victim" or "guilty monkey" would hurt the people
// involved, prejudge the case, or hint at someone. The Glitch lists are friendly in general, not for
// this. Grouped by reason so a reviewer can see what each entry is for; both lists are filtered by
// the same set.
const DENY_GROUPS: Record<string, string> = {
  violence: `ablaze attack ballistic battle belt bite blade blood bolt bomb boom booming bruise burn cannon
    chopper club collision crimson cut dagger dart devourer explosion fang fight fighter fire flame
    force grapple grip gun hacksaw hammer handsaw harrier hound hunter kick kicker knife lancer
    lunge mallet medieval ninja pouncing power powerful pressure pull punch push saber saw scar
    scene scissor scratch scratched scythe shelled shield shock shot slash slayer smash snipe spear
    spike stick sting stinger strike sword talon tank target torch unleashed war warrior whip wolf
    wound`,
  death: `alive ash cemetery coffin dead deadpan doom funeral ghost ghoul grave kill killer living mortal
    nightshade poison reaper shroud shrouded skull tomb venom wake wolfsbane`,
  body: `adorable alluring ankle appendix attractive backbone bald beard beautiful big bladder blush
    blushing body bottom bouncy brain brawny breath broad bronzed brow bun burly calf carpal cheek
    chiseled clammy clavicle collarbone colossal colossus cough cuddly curve curved cuticle dazzling
    digestion dimple ear elbow elegant enchanting enormous eye eyebrow eyelash face fair feet femur
    fibula figure flat flawless flaxen freckle gelatinous giant gigantic glamorous glasses
    glistening gorgeous graceful hair haircut handsome handsomely heart heavy height hip hulking
    humerus immense jaw kidney knee knuckle lean lip lithe little liver lobe longhaired lumbar lung
    mammoth mandible massive maxilla meat metacarpal metatarsal moustache mousy mouth muscle nail
    nerve nose occipital organ pale pancreas patella paw petite phalange plain polydactyl pretty rib
    round scapula scrawny shape short shorthaired shoulder skinny skull slender slouch sneeze snout
    spectacled spectacles sphenoid spleen spotty statuesque sternum stomach tail tall tan tarsal
    teeth thin thoracic throat thumb tibia tiny trunk vein vertebra visage weight whale wide wiry
    wrinkle wrist`,
  sex: `affair aftershave alabaster attraction ball banana bath bathroom bathtub beauty bed bird blouse
    bonobo box camp candy casual charming cherry cock cockatoo collar consent cougar crib cruiser
    cupcake dashing date dear delicious dress dumpling easy eggplant excited exciting experienced
    eyeliner faithful fancy fantasy fast flash fox fresh fruit girdle honey hot hugger hypnotic
    invited juicy kiss kitten lacy leather leotard lipstick lover lycra makeup manicure married
    mascara match mature melon mutual naked nude nut pajama pantydraco peach peacock pet pickup
    pleasure position potent pumpkin purring pyjama receptive ripe romantic rooster satisfying
    screwdriver seed separated sexy single skirt sleep smooth soft spandex spicy stag stallion
    stocking succulent sugar sugared sumptuous swallow sweet swing tasty tender thirsty tie
    toothsome top toy virgo vivacious wood yielding`,
  emotion: `aback afraid amused amusing anger angry astonishing awe bemused bitter bittersweet boiling
    bristle cold confused confusion cry dazed delirious elated exultant fascinated fear fearless
    feeling feels fright frown giddy grin happy heartbreaking hissing humor hushed hyper hysterical
    jealous joke jumpy laugh longing lovely loving maddening mood nervous overjoyed proud relieved
    sad salty scared scowl shame shy smile smiling snarl somber sore sour sulky surprise temper
    thrill thrilling troubled upset wary worried`,
  judgement: `abrasive abrupt abusive accidental accurate accused actually admitted ambiguous apology argument
    attempt attention awesome bad behavior believed best better blarney brash brassy brave brazen
    capricious cause caution certain character cheat childish childlike clumsy coherent condition
    confidence confirmed courageous crazy creepy danger darkness decision defiant detail different
    difficult dour dramatic dull dumb erratic error evil excessive experience extreme fabulous fact
    factual failing fallacious false familiar fanatic fanatical fiction fierce foul friction funny
    furtive garrulous gaudy glib good goofy grandiose guiltless guilty habitual half harmless harsh
    hilarious honesty honorable humorous imaginary inconclusive incredible innocent insane insidious
    invented judicious just kaput knowing liar look loud low ludicrous lying malleable manner marked
    marred materialistic merciful mercurial mild mildly mistake modest moral myth natural nosy
    obtainable obvious odd opinion outrageous passive pattern perpetrator persistent plausible
    playful prickly principle probable promise proof pushy quirky radical rambunctious real reason
    rebel reliable repeated respect responsibility responsible result right righteous rightful risk
    rogue rough rude sassy scandalous seen serious sharp shocking silly simple simplistic sincere
    situation slow sly sneaky sordid spurious stingy story stupid suave subdued superficial suspect
    tame tendency toxic trick tricky trouble trust trusted trusting truth truthful unruly vagabond
    verdict victim voracious waste weird wild wrong zealous`,
  crime: `alibi appeal arrest bait bar burglar camera cell cop copper court crime detective drifter escape
    evidence forger forgery gambler hearing hide jail judge jury justice law lawyer legal mole
    monitor penalty pirate police prison prosecution punishment puppet secret secretive smuggler
    source spy stealer stealth stranger subject substance suit thief tracker traffic watcher witness`,
  illness: `acute ambulance conscious delicate dentist diagnostic dietician disease faint feverfew healer
    health healthy hospital hygienic ill illness infected irradiated medicine nurse operation
    patient pediatrician periodic physician positive psychiatrist psychology rodent sick special
    spectrum surgeon syringa therapeutic treatment vegetable virus`,
  'drugs and drink': `bottled chemical crystal drink eggnog grass laced lush ossified pickled pot powder psychedelic
    raver sedate smoke spirit stone`,
  'ethnicity, nationality, religion, politics': `abyssinian army authority brazil caramel cathedral chain chief chocolate christmas church
    citizen coal coconut colony congress cotton cross crow eastern english exotic fringe governor
    hallowed heaven heavenly held holy imported jodhpur jungle kiwi mahogany mandarin manx mass
    master military mixed morocco nation native northern origin owner panama party pastoral pharaoh
    polish political politician protest raja resistance saturnalia servant shrine slave sombrero
    soul southern spiritual supreme tar tarry temple tribe turkey veil veiled warlock wealth western
    witch yellow yoke`,
  'class, age and people': `age aged ancient archduchess archduke archer astronaut athlete author available barber bard
    baron baroness beast beginner bowler brainy broker bubbly buckaroo cadet captain carpenter
    carver catcher chauffeur chef child chivalrous class classy client columnist composer cook
    cosmonaut count countess cousin crafter creator creature crowd cultured daffy dancer dandy
    dapper debonair diver driver duchess duke earl editor educated elderly elite emperor empress
    enemy engineer expert family farmer fireman fisher fisherman foe fossil friend giver grandparent
    grizzled guardian guest gymnast helper hero individual intelligent jester juvenile keeper knight
    laborer leader lifter literate lowly magician mailman manager marquess marquis mechanic member
    monarch motorist munchkin musician neighbor newsboy ogre painter parent partner passenger
    pedestrian people person piper player poet poor porter principal professor pupil racer
    ragamuffin reader referee relation relative rich runner sailor salesman scribe secretary seeker
    shoemaker singer snowman soldier sovereign specialist student tailor taker teacher technician
    teller tough trader traveler turner twin vegetarian viscount viscountess visitor waiter walker
    wanderer watchmaker wealthy weaver wholesaler wizard writer young youthful`,
  insults: `baboon boar buzzard caterwauling chickadee chicken chimpanzee clown cockroach cow dirt dirty dog
    donkey fowl gamy gargoyle gibbon gorilla grizzly guttural hen hiss hisser howler hyena jackal
    leech lemming louse mandrill monkey mule orangutan pig prong ragdoll rat roar roarer scarer
    screeching serpent shark sheep shrimp skunk slime slimy sloth slug snake snitch telling toad
    trash troll trollius viper vulture weasel whispering whistle`,
  // Given names: a code name must never look like a person's name (DESIGN §2), and the privacy lint
  // would otherwise flag a code name that happens to match someone reported in another case.
  'given names': `ambert august beaufort bill bosworth carol cerise clementine colby crowley daphne dawn destiny
    gatsby ginger harmony heather henley iris ivy jasmine jasper jay leo magnolia may melody mercury
    myrtle olive opal pearl ray robin rose ruby sage sandy scarlet summer violet william zenobia`,
  // Words that read as the status sheet's own vocabulary would confuse people scanning it.
  'status words': `action case closed flagged maybe name new ongoing open pending private report resolution
    resolved safe status unknown vote yes`,
  'loaded or confusing': `aftermath broken close closet crawling curse dark darkened deserted doom empty fate fixed
    fortune horn marked narrow outfit plant quiver rainbow resisted roast roasted scourge shade
    shadow shadowed silence silent stitch uncovered victorious`,
};

function buildDenyList(): Set<string> {
  const set = new Set<string>();
  for (const group of Object.values(DENY_GROUPS)) {
    for (const w of group.split(/\s+/)) if (w !== '') set.add(w.toLowerCase());
  }
  for (const w of GENDERED_WORDS) set.add(w);
  return set;
}

/** Words never used in a code name (a few hundred, across both lists, plus the privacy lint's gendered words). */
export const DENY_LIST: ReadonlySet<string> = buildDenyList();

const WORD_SHAPE = /^[a-z]{3,10}$/;

// The lists are generated (scripts/generate/code-words.ts) from friendly-words less DENY_LIST and common given names
// and surnames ("frost", "hill": a code word that is a name would read as a person and could equal the surname of
// someone in a later report), so the bundle carries only the words it draws from.
/** Adjectives: friendly-words' `predicates`, filtered. */
export const ADJECTIVES: readonly string[] = Object.freeze(ADJECTIVE_WORDS.split(/\s+/).filter(Boolean));
/** Nouns: friendly-words' `objects`, filtered. */
export const NOUNS: readonly string[] = Object.freeze(NOUN_WORDS.split(/\s+/).filter(Boolean));

const MAX_ATTEMPTS = 1000;

/**
 * A "name word" longer than this is pasted text, not a name (the longest given names and surnames are well under it):
 * every code-name word is inside such a string, so one long answer would rule out every code name.
 */
export const MAX_NAME_TOKEN_LETTERS = 24;
/** A person's name has a few words; an entry with more is text, and its first words stand for it. */
export const MAX_TOKENS_PER_NAME = 8;

/**
 * The name words a code name must not echo: folded, 3 to 24 letters, at most 8 per name, distinct. Every name given
 * counts, however many: a committee's history holds thousands of name words, and a bound on them (there was one, of
 * 2,000) left the latest reports' names uncompared once the history passed it (issue 17 review). What a draw costs
 * no longer grows with them (`NameGuard`).
 */
export function codeNameTokens(names: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    const tokens = nameTokens(String(name ?? '')).filter((t) => t.length <= MAX_NAME_TOKEN_LETTERS);
    for (const token of tokens.slice(0, MAX_TOKENS_PER_NAME)) seen.add(token);
  }
  return [...seen];
}

/** True when a (folded, lower-case) word equals, contains or is inside one of the tokens. */
function echoesToken(word: string, tokens: readonly string[]): boolean {
  for (const token of tokens) if (word === token || word.includes(token) || token.includes(word)) return true;
  return false;
}

/** Today's code words, and each piece of 3 letters or more of them → the words it is in (built once an execution). */
let wordPieces: { words: ReadonlySet<string>; containing: ReadonlyMap<string, readonly string[]> } | null = null;

function piecesOfWords(): NonNullable<typeof wordPieces> {
  if (wordPieces) return wordPieces;
  const words = new Set([...ADJECTIVES, ...NOUNS]);
  const containing = new Map<string, string[]>();
  for (const word of words) {
    const pieces = new Set<string>();
    for (let i = 0; i + 3 <= word.length; i++) for (let j = i + 3; j <= word.length; j++) pieces.add(word.slice(i, j));
    for (const piece of pieces) {
      const list = containing.get(piece);
      if (list) list.push(word);
      else containing.set(piece, [word]);
    }
  }
  return (wordPieces = { words, containing });
}

/** The longest code word: a token's pieces longer than this are no word. */
const MAX_WORD_LETTERS = 10;

/**
 * What a set of names rules out, worked out once however often a code is drawn against it: the code words that echo
 * one of their tokens (equal to one, inside one, or containing one: the test `isCodeNameAllowed` makes), and the
 * tokens themselves for the word-for-word fallback. A guard `with` more names adds theirs to a copy.
 */
export class NameGuard {
  private constructor(
    /** Code words of today's lists that echo a token. */
    readonly echoed: ReadonlySet<string>,
    /** Every token, in groups (one per `with`), for the word-for-word fallback. */
    private readonly groups: readonly ReadonlySet<string>[],
  ) {}

  static of(names: readonly string[]): NameGuard {
    return NameGuard.empty.with(names);
  }

  static readonly empty = new NameGuard(new Set(), []);

  /** This guard and `names` together (this one is not changed). */
  with(names: readonly string[]): NameGuard {
    const tokens = codeNameTokens(names);
    if (!tokens.length) return this;
    const { words, containing } = piecesOfWords();
    const echoed = new Set(this.echoed);
    for (const token of tokens) {
      for (const word of containing.get(token) ?? []) echoed.add(word);
      for (let i = 0; i + 3 <= token.length; i++) {
        const last = Math.min(token.length, i + MAX_WORD_LETTERS);
        for (let j = i + 3; j <= last; j++) {
          const piece = token.slice(i, j);
          if (words.has(piece)) echoed.add(piece);
        }
      }
    }
    return new NameGuard(echoed, [...this.groups, new Set(tokens)]);
  }

  /** True when a code word is itself one of the tokens. */
  isToken(word: string): boolean {
    return this.groups.some((group) => group.has(word));
  }
}

function hasAllowedShape(adjective: string, noun: string): boolean {
  if (!WORD_SHAPE.test(adjective) || !WORD_SHAPE.test(noun) || adjective === noun) return false;
  return !DENY_LIST.has(adjective) && !DENY_LIST.has(noun);
}

/**
 * True when `codeName` is two lower-case words of 3–10 letters, neither on the deny list, not the
 * same word twice, and neither equal to, contained in, or containing a name word of any of `reportedNames`
 * (as `codeNameTokens` bounds them), ignoring case and accents. Words need not be on today's lists, so code
 * names given under older lists stay valid.
 */
export function isCodeNameAllowed(codeName: string, reportedNames: readonly string[]): boolean {
  const parts = String(codeName).split(' ');
  if (parts.length !== 2) return false;
  const [adjective, noun] = parts;
  if (!hasAllowedShape(adjective, noun)) return false;
  const tokens = codeNameTokens(reportedNames);
  return !echoesToken(adjective, tokens) && !echoesToken(noun, tokens);
}

function pick(list: readonly string[], random: () => number): string {
  const r = random();
  const safe = Number.isFinite(r) ? r : 0;
  const index = Math.min(list.length - 1, Math.max(0, Math.floor(safe * list.length)));
  return list[index];
}

/**
 * How far generation had to go: `names` is the full rule; `exact` compared the names only word for word, because
 * the answers ruled out every adjective or every noun (no list of people does that: it was not a list of names);
 * `unchecked` ignored the names, because they spelled out the word lists themselves.
 */
export type CodeNameRule = 'names' | 'exact' | 'unchecked';

/** A free pair from the words `usable` keeps, drawn at random, then by a full scan; null when there is none. */
function pairFrom(random: () => number, taken: ReadonlySet<string>, usable: (word: string) => boolean): string | null {
  const adjectives = ADJECTIVES.filter(usable);
  const nouns = NOUNS.filter(usable);
  if (!adjectives.length || !nouns.length) return null;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const adjective = pick(adjectives, random);
    const noun = pick(nouns, random);
    if (adjective !== noun && !taken.has(`${adjective} ${noun}`)) return `${adjective} ${noun}`;
  }
  for (const adjective of adjectives) {
    for (const noun of nouns)
      if (adjective !== noun && !taken.has(`${adjective} ${noun}`)) return `${adjective} ${noun}`;
  }
  return null;
}

/**
 * Draws "adjective noun" code names until one is unused (compared case-insensitively with `taken`)
 * and allowed for these names. Callers should pass every name they know (the case's reported people, reporter and
 * witnesses, and those of every case on file), as a `NameGuard` when several codes are drawn against the same names.
 *
 * It never fails because of what a report says: when random draws find nothing, the words the names leave are
 * scanned; when the names leave no adjective or no noun, they are compared word for word only; when even that leaves
 * nothing, they are ignored. `onFallback` hears which rule gave the name when it was not the full one. It throws
 * only when every pair of words is taken.
 */
export function generateCodeName(
  random: () => number,
  taken: ReadonlySet<string>,
  reportedNames: readonly string[] | NameGuard,
  onFallback?: (rule: Exclude<CodeNameRule, 'names'>) => void,
): string {
  const takenLower = new Set<string>();
  for (const t of taken) takenLower.add(String(t).trim().toLowerCase());
  const guard = reportedNames instanceof NameGuard ? reportedNames : NameGuard.of(reportedNames);
  const echoed = guard.echoed;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const adjective = pick(ADJECTIVES, random);
    const noun = pick(NOUNS, random);
    const candidate = `${adjective} ${noun}`;
    if (takenLower.has(candidate) || !hasAllowedShape(adjective, noun)) continue;
    if (!echoed.has(adjective) && !echoed.has(noun)) return candidate;
  }
  const scanned = pairFrom(random, takenLower, (w) => !echoed.has(w));
  if (scanned) return scanned;
  const exact = pairFrom(random, takenLower, (w) => !guard.isToken(w));
  if (exact) {
    onFallback?.('exact');
    return exact;
  }
  const unchecked = pairFrom(random, takenLower, () => true);
  if (unchecked) {
    onFallback?.('unchecked');
    return unchecked;
  }
  throw new Error(
    `Could not find a free code name: all ${takenLower.size} pairs of words are taken. Check the random source.`,
  );
}
