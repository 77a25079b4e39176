// The deny list of code words: what the code-word lists are made without (scripts/generate/code-words.ts), kept out of the bundle, which carries only the lists.
import { GENDERED_WORDS } from '../../src/core/privacy-lint';

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
