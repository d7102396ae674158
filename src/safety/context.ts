/**
 * What surrounds a red flag in a message, for triage.ts: whether the whole message is a frame in
 * which red flags are talked about rather than happening (an exam question, fiction, a pet, a
 * general question), and whether one match is negated, history, or inside a hypothetical clause.
 * All patterns run over normalized text (normalize.ts).
 */

/** Why a whole message was read as not describing a person's emergency now. */
export type TriageFrame = "question" | "hypothetical" | "fiction" | "exam" | "pet";

const EXAM =
  /\b((first aid|driving|written|practice|mock|practical|theory) (test|quiz|question|questions|exam)|(practice|sample|exam|quiz|test|revision|mock|board|placement|osce|case|study|course) (question|questions|paper|mcq|station|case)|clinical case|differential diagnosis|question from (my|the|a)|mcq|mcqs|osce|osces|usmle|plab|nclex|mrcp|test question|case stud(y|ies)|vignette|past paper|(medical|nursing|med|pharmacy|paramedic) students?|student nurse|pathophysiology|mechanism of action|\bdx ?\?|for (my|a|the|our|her|his|their) ([a-z]+ )?(exam|test|essay|assignment|module|lecture|seminar|thesis)|(school|biology|science|chemistry|physics|class|college|uni|university|nursing|medical) (project|homework|assignment|essay|presentation|coursework)|which of the following|most likely diagnosis|next (best )?step in|next (best )?(investigation|test|management)|neet( pg)?|fmge|first line (investigation|management|treatment)|triage system classify|manchester triage)\b|^(mock|mcq|quiz|exam|revision|osce|question|practice question|case)\b|\b(practice|exam|quiz|revision|test) (q|qs)\b|\bq ?\d{1,3} :|\b(pharmacy|nursing|medical|med school|paramedic|emt|first aid|biology|anatomy|physiology|pharmacology|board|licensing|finals) (exam|exams|revision|quiz|test|flashcards?|question|questions|mcq)\b|\ba \d+ (year|month|week) old (man|woman|male|female|boy|girl|patient|gentleman|lady|child|infant|baby) (presents|presenting|is brought|comes in|attends|with)\b/;
/** Study words that frame a message only when nothing in it is happening to someone now ("stressed about exams, took 30 pills" is not an exam question). */
const EXAM_WEAK =
  /\b(study (group|buddy|partner)|exam|exams|revision|revising|homework|flashcards?|flash cards?|quiz|lecture|lecture notes|textbook|coursework|assignment|essay|dissertation|syllabus|for (my|a|the|our) (class|course|project|presentation))\b/;
/** Material made about a health topic (a blog post, a poster, a staff briefing): a frame, like study words, only when nothing in the message is happening to someone now. */
const MADE_FOR_OTHERS =
  /\b(for|writing|write|make|making|create|creating|design|designing|draft|drafting|putting together|preparing|giving|update|updating) (a|an|my|our|the|this) ([a-z]+ ){0,2}(blog|blog post|article|poster|leaflet|handout|newsletter|presentation|talk|training|workshop|briefing|website|infographic|fact sheet|factsheet|pamphlet|brochure|flyer|signage|sign|podcast|video|webinar|wiki|guide|manual|policy|protocol|campaign)\b/;
const FICTION =
  /\b((my|a|our) (novel|story|short story|screenplay|script|fanfic|fan fiction|podcast script|comic|play|sitcom)|for (my|a|the|our) ([a-z]+ )?(novel|story|book|screenplay|script|play|game|character|podcast|film|movie|show|campaign|comic|thriller|mystery|memoir|memoirs)|in (my|our) (mystery|thriller|memoir|memoirs|whodunit|webcomic|wattpad|fic)|(my|our) (oc|ocs|original character)|(writing|writers|poetry|creative writing) (group|class|circle|club)|in (a|an) (novel|story|book|screenplay|script|film|movie|thriller|play|game|tv show|series|sitcom|soap)|(a|the) [a-z]+ character|in (my|the|this|our) (novel|story|book|screenplay|script|game|campaign|film|movie|episode|show|series|play|scene)|(my|a|the|main|game|story|book|novel|film|rpg|dnd) characters?|the villain|the protagonist|i am a (writer|novelist|playwright|screenwriter|author)|writing (a|an|my|the) ([a-z]+ )?(novel|story|book|scene|script|thriller|screenplay|play|drama|series|episode|film|movie|comic)|(horror|crime|ghost|detective|short|love|sci fi|fantasy|war) (story|novel|film|movie)|short film|(drama|acting|theatre|theater) (class|scene|club|group)|book club|playwright|screenwriter|novelist|d ?& ?d|dnd|dungeons|saving throw|role ?play|rpg|npc|the hud|school play|stage (a|the) (fall|faint|scene)|podcast script|in the episode|the episode i|(a|my) (poem|song|story) about (someone|somebody|a|an|people|the)|(draft|write|writing|wrote|rewrite) (a|an|the|my|this|our) ([a-z]+ ){0,2}(scene|chapter|climax|plot|dialogue|monologue|cliffhanger|screenplay|script)|the (climax|plot twist|cliffhanger))\b|\b(reading|read|finished|listening to) (a|an|the|this|that) ([a-z]+ )?(thriller|novel|whodunit|crime novel|mystery novel|audiobook)\b|^(novel|thriller|screenplay|script|story|fiction|fanfic|play|game|film|movie)\b|^book :/;
const HYPOTHETICAL =
  /\b(hypothetical(ly)?|suppose|supposing|imagine|let us say|in case of|in the event of|what would happen if|what happens if|would it be|would (i|you|someone) be|should i ever|if (i|you|someone|somebody|anyone|a person|my \w+|he|she|they|(a|an|the|any|our) \w+) (ever|were|was ever)|want to be prepared|be prepared|(how )?would (i|you|we|someone|they) (know|notice|tell|be able to tell|recogni[sz]e) if)\b/;

/** General, educational questions: only a frame when nothing says it is happening to someone now. */
const GENERAL_QUESTION =
  /\b(what (are|is) (the )?((right|correct|best|proper) )?(signs?|symptoms?|warning signs?|causes?|treatment|difference|definition|first aid|survival rate|number for|recovery position|best way)|what (does|do) [a-z ]{1,30} (stand for|mean|look like|contain|do to)|how (do|does|can|would|should) (you|someone|one|a person|people|i|we|[a-z]+s) (tell|know|recogni[sz]e|spot|treat|help|prevent|do cpr|decide|stop|control|manage|handle|respond)|how (are|is) [a-z ]{0,40}\b(treated|diagnosed|managed|assessed|measured)|how (common|likely|rare|much [a-z ]{0,30}(is|counts? as|would count as|would be)|long does|long can|long after|long before|long should (you|i|we|someone|one))|risk factors|(causes|rates|prevalence|incidence|statistics) of|signs of|symptoms of|red flags|in general|is it true|can you explain|explain|define|research on|what (causes|triggers)|why (does|do|is|are|can)|what temperature counts|how (does|do) [a-z ]{1,40} work|statistics (on|of|about)|how (is|are) [a-z ]{1,40} different from|difference between|which [a-z]+ (are|is)|when (do|should) (you|i|we|someone|people) (need to )?(call|go|see)|what should i keep|what (should|do|can) (you|i|we|one) (say|do) (to|for|when|if)|first aid (for|course|kit|training|refresher)|are the symptoms)\b/;
/** Someone affected now (blocks GENERAL_QUESTION). */
const PERSONAL_NOW =
  /\b(i (am(?! (writing|making|preparing|planning|putting together|creating|giving|doing|working on|running|organising|organizing|teaching|designing|updating|researching|studying|learning|reading|drafting)\b)|have|feel|felt|took|just|cannot|can|keep|got|think|was|need|woke|started|ate|drank|fell|hit|cut|swallowed)|my (chest|head|arm|leg|face|throat|tongue|lips|heart|stomach|tummy|baby|son|daughter|wife|husband|mom|mum|mother|dad|father|friend|brother|sister|partner|kid|child|toddler|grandma|grandmother|grandpa|grandfather|nan|grandad|boyfriend|girlfriend|flatmate|roommate|neighbour|neighbor|colleague)(?!( (at|from) [a-z]+)? (mentioned|said|says|told|tells|asked|asks|recommended|suggested|wondered|was wondering|is revising|is studying|texted|messaged|wrote|posted|forwarded|emailed)\b)|he is|she is|he has|she has|he took|she took|he just|she just|(?<!\b(says|say|said|tell you|tells you|if|when) )they are|right now|currently|tonight|this morning|at the moment|just now|it is happening|(?<!\b(someone|somebody|anyone|a person|people|a child|a baby|a kid|an adult|they) )(is|are|keeps|has|have) (been )?(bleeding|vomiting|choking|fitting|shaking|swelling|going|gone|turning))\b|\bmy \w+ (is|are|was|has|have|keeps|broke|will not|cannot)\b/;

const PET = /\b(a|an|this|that|someone|somebody|stray|neighbour|neighbor|customer|wild) (dog|dogs|puppy|cat|kitten|rabbit|hamster|guinea pig|horse|pony|budgie|parrot|bird|tortoise|hedgehog|swan|fox|duck|squirrel|pigeon|goat|sheep|lamb|cow|calf|pig|chicken|hen|donkey|alpaca|llama)\b|\b(the|our|my|of the) (goats|sheep|lambs|cows|calves|pigs|chickens|hens|donkeys|alpacas|llamas|cattle|livestock)\b|\bpetting (farm|zoo)\b|(?<!\b(walk|walks|walking|walked|walkies|with) )\b(my|our|the family|his|her|the) (dog|dogs|puppy|pup|cat|cats|kitten|kitty|rabbit|bunny|hamster|guinea pig|gerbil|ferret|horse|pony|budgie|parrot|bird|tortoise|turtle|lizard|snake|rat|mouse|chinchilla|labrador|lab|spaniel|terrier|collie|retriever|poodle|dachshund|beagle|pug|greyhound|whippet|pet)\b|^(dog|dogs|cat|cats|puppy|puppies|kitten|horse|rabbit|pony|hamster|budgie|parrot|bird|tortoise|turtle|lizard|snake|rat|mouse|ferret|guinea pig|gerbil|chinchilla)\b|\b(vet|vets|veterinary|veterinarian)\b|\b(our|my) (old )?(labrador|lab|spaniel|terrier|collie|retriever|poodle|dachshund|beagle|pug|greyhound|whippet|budgie|hamster|tortoise|labradoodle|cockapoo)\b/;
const HUMAN =
  /\b(i (was|got|have been|been) (bitten|stung|bit|scratched|attacked|kicked|trampled|thrown|bucked off|butted|gored|crushed)|(bit|bitten|scratched|attacked|stung|kicked|trampled|threw|butted|gored|crushed|trod on|stood on|knocked) me|(tripped|knocked|pushed|pulled|dragged|kicked|trampled|charged|butted|gored|threw|crushed|jumped on|landed on|ran into|bowled) (him|her|them|us)( up| down| over| off)?|i am (bleeding|bitten|stung|hurt|injured|swelling|allergic)|i took|i swallowed|i ate|i drank|i fell|i cut|i hit|flatmate|roommate|housemate|uncle|aunt|auntie|cousin|nephew|niece|teen|teenager|texted me|messaged me|my (chest|head|arm|leg|legs|face|throat|tongue|lips|hand|foot|stomach|tummy|belly|back|neck|eye|eyes|skin|heart|finger|ankle|wrist|ribs|rib|hip|shoulder|knee|side)|son|daughter|baby|toddler|child|kid|kids|husband|wife|partner|boyfriend|girlfriend|mum|mom|mother|dad|father|brother|sister|friend|grandma|grandad|grandpa|nan|neighbour|neighbor|colleague|man|woman|person|someone|somebody|year old|years old|month old|months old|(all|both) of us|all (\d+|two|three|four|five|six) of us|we (all|both)|the whole family|everyone in the (house|home|flat|family))\b/;

/**
 * A relay opener followed straight away by an animal: "my kid texted : the guinea pig is…", "my
 * partner : one of the goats…". The relayer is named, but the one affected is the animal.
 */
const RELAY_TO_ANIMAL = /^[^:]{0,60}?(\b(texted|messaged|wrote|writes|said|says|asked|asks|posted|sent|forwarded|dmd|emailed|rang|called|phoned)\b[^:]{0,30})? : /;
function withoutRelayer(text: string): string {
  const opener = RELAY_TO_ANIMAL.exec(text);
  if (!opener) return text;
  const rest = text.slice(opener[0].length);
  return /^(one of )?(the|our|my|his|her|their|a|an) /.test(rest) && PET.test(rest.split(/[.;!?,]/)[0]!) ? rest : text;
}

/** The frame of a whole message, if it is one in which red flags are not happening to anyone now. */
export function messageFrame(text: string): TriageFrame | undefined {
  if (EXAM.test(text) || (EXAM_WEAK.test(text) && !PERSONAL_NOW.test(text))) return "exam";
  if (FICTION.test(text)) return "fiction";
  if (MADE_FOR_OTHERS.test(text) && !PERSONAL_NOW.test(text)) return "question";
  if (PET.test(text) && !HUMAN.test(withoutRelayer(text).replace(PET, " "))) return "pet";
  if (HYPOTHETICAL.test(text)) return "hypothetical";
  if (GENERAL_QUESTION.test(text) && !PERSONAL_NOW.test(text)) return "question";
  return undefined;
}

const PRE_NEGATION = /\b(no|not|denies|denied|denying|without|never|none|nor|negative for|free of|no longer|absence of|ruled out|do not have|does not have|did not have|has not had|have not had)\b/;
const POST_NEGATION = /^\s*(has |have |had |is |are )?(gone (away|now)|cleared( up)?|eased off)\b|^[^.;!?,]{0,15}?(?<!\bnot )\b(stopped|has stopped|have stopped)\b(?! (sweating|shivering|breathing|moving|responding|talking|making sense|feeding|eating|drinking|peeing|weeing|kicking))|^[^.;!?,]{0,15}?(?<!\bnot )\b(resolved|went away|gone away|ruled out|settled|under control|is fine now|are fine now)\b|^[^.;!?,]{0,30}?\b(as usual|as always|as ever|like usual|like always|same as (always|ever|usual)|(which|that) is normal for (me|him|her|them))\b/;
const CLAUSE_END = /[.;!?\n]|\bbut\b|\bhowever\b|\balthough\b|\bthough\b/g;

/** "face is not drooping": a negated verb inside the match (but "will not stop" is no negation). */
const INNER_NEGATION = /\b(is|are|was|were|does|do|did|has|have) not (?!stop|stopping|fade|fading|working|helping|wak|respond|breath|going down|improv|get better|wok|come round|want|here|alive|around|make sense|making sense)/;
/** A red flag told as history, not as something happening now. */
const HISTORY_MARK =
  /\b((\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few|many|couple of|a couple of) (years?|months?|weeks?|decades?) (ago|back|earlier)|(years|months|decades) (ago|back)|a decade ago|last (year|month|summer|winter|spring|autumn|fall|christmas|easter)|as a (child|kid|teen|teenager|baby|toddler|student)|as (kids|children|teens|teenagers|students)|when we were (kids|little|young|children|teens|teenagers|students)|when (i|you|he|she|they|we|my \w+) (was|were) (a |an |\d+|little|young|younger|small|at|in|born)|when (he|she|they|i) (was|were) born|when (i|we|he|she|they) (worked|lived|used to|was working|were working|was living|studied|was studying)|when (he|she|they|i|we) \d+\b|back in (the|my|his|her|our|their|\d{4}|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|school|college|uni|university)|in (19|20)\d\d|in (my|her|his) (first|last|previous|earlier) pregnanc(y|ies)|with (my|her|our) (first|last|previous|eldest|older)( one| baby| child| pregnancy| birth)?|in (my|her) (first|last|previous) (labour|labor|delivery|birth)|in the past|fully recovered|recovered well|doing well now|died (of|from|after)|passed away|lost (him|her|them) to)\b/;
const HISTORY_BEFORE = /\b(history of|previous|prior|past|died of|died from|passed away from)\s*$/;
/** A start rather than a past event before "… ago": "started the tablets two weeks ago". */
const STARTED = /\b(started|starting|began|begun|commenced|prescribed|put on|switched to|changed to|since)\b/;
/** A turn back to the present inside a sentence: "…years ago, but now…". */
const NOW_PIVOT = /\b(now|today|tonight|this (morning|evening|afternoon|week)|currently|right now|at the moment|again|since then|this time)\b/g;
/** Conditional or hypothetical clause openers (not "not sure if", "even if", "as if", nor the factual "is it bad if my…"). */
const CONDITIONAL = /(?<!\b(not sure|unsure|wonder|wondering|see|check|ask|asking|know|tell me|even|as|like|sure|idea|worried|matter|wondered|decide|deciding|big deal|bad|serious|normal|ok|okay|worrying|dangerous|problem|emergency|concerning|alright) )\b(if|in case|suppose|supposing|imagine|what if|let us say)\b/g;
/** A conditional clause only discounts a red flag when it is irrealis or generic. */
const IRREALIS = /^(if|suppose|supposing|imagine) (i|you|he|she|they|someone) (was|were)\b|^what if (i|you|he|she|they|someone|(my|a|the|our) \w+) (swallowed|fell|had|got|took|stopped|collapsed|ate|drank|was|were|did|went|broke|cut|hit)\b|\b(ever|were|would|someone|somebody|anyone|a person|people|a child|a baby|a diabetic|a toddler|you|one day|in future|in the future|happened|what to (do|say)|what (do|should|can) (i|we) do|how (do|should|can) (i|we))\b/;

/**
 * How far back (and ahead) context is looked for, in characters: a clause or sentence longer than
 * this is read from this window only, so that each match costs a bounded amount of work and triage
 * stays linear in the length of the message (a 1 MiB message without punctuation included).
 */
const WINDOW = 400;

/** The start of the clause containing position `at`. */
function clauseStart(text: string, at: number): number {
  const from = Math.max(0, at - WINDOW);
  let start = from;
  for (const m of text.slice(from, at).matchAll(CLAUSE_END)) start = from + m.index! + m[0].length;
  return start;
}

function sentenceBounds(text: string, at: number): [number, number] {
  const from = Math.max(0, at - WINDOW);
  let start = from;
  for (const m of text.slice(from, at).matchAll(/[.;!?\n]/g)) start = from + m.index! + 1;
  const ahead = text.slice(at, at + WINDOW);
  const end = ahead.search(/[.;!?\n]/);
  return [start, end < 0 ? Math.min(text.length, at + WINDOW) : at + end];
}

/** A negation before the match (reaching across a list), inside a short match, or just after it ("…, gone now"). */
export function negated(text: string, index: number, length: number, ownNegation: boolean): boolean {
  const start = clauseStart(text, index);
  let before = text.slice(start, index);
  // A comma ends a negation's reach unless a list continues it ("no fever, chills or sweating").
  const comma = before.lastIndexOf(",");
  if (comma >= 0 && !/\b(or|nor)\b/.test(before.slice(comma))) before = before.slice(comma + 1);
  // A new predicate ends a negation's reach: "has not eaten or drunk for days and is barely rousable".
  const predicate = [...before.matchAll(/\b(and|but|then|now) (is|are|was|were|has|have|had|keeps|kept|seems|seemed|looks|looked|feels|felt)\b/g)].pop();
  if (predicate) before = before.slice(predicate.index! + predicate[0].length);
  // "cannot do this no more" is not a negation of what follows.
  before = before.replace(/\b(this|it|that|anything|any of it) no more\b/g, "$1 anymore");
  // Nor is "has not stopped", "did not work": the thing is still going on.
  before = before.replace(/\b(not|never) (stopped|stopping|settled|improved|gone away|got better|worked|working|helped|helping|come round|woken|get better|getting better|go away|going away|improve|improving|ease|easing|settle|settling|help|work)\b/g, "still going");
  const words = before.trim().split(/\s+/);
  // A negation reaches across a list: "no chest pain or shortness of breath".
  const window = words.slice(-9).join(" ");
  const listed = /\b(or|nor)\b/.test(words.slice(-6).join(" "));
  if (PRE_NEGATION.test(words.slice(-5).join(" ")) || (listed && PRE_NEGATION.test(window))) return true;
  // A "not" inside a short match negates it ("face is not drooping"); inside a long gapped one it belongs to another clause.
  const inside = text.slice(index, index + length);
  if (!ownNegation && inside.split(" ").length <= 6 && INNER_NEGATION.test(inside)) return true;
  return POST_NEGATION.test(text.slice(index + length, index + length + WINDOW));
}

function history(text: string, index: number, length: number): boolean {
  const start = clauseStart(text, index);
  if (HISTORY_BEFORE.test(text.slice(start, index))) return true;
  const [sStart, sEnd] = sentenceBounds(text, index);
  const sentence = text.slice(sStart, sEnd);
  const mark = HISTORY_MARK.exec(sentence);
  if (!mark) return false;
  // A history in brackets belongs to the bracket: "throwing up green (had bowel surgery last year)".
  const open = sentence.lastIndexOf("(", mark.index);
  if (open >= 0 && open > sentence.lastIndexOf(")", mark.index)) {
    const close = sentence.indexOf(")", mark.index);
    const at = index - sStart;
    if (at < open || (close >= 0 && at > close)) return false;
  }
  // "started lisinopril three weeks ago": a start, not a past event; what follows is going on now.
  if (STARTED.test(sentence.slice(Math.max(0, mark.index - 60), mark.index))) return false;
  // A turn back to the present between the history and the match (or inside the match) keeps it current.
  const end = index + length - sStart;
  const from = Math.min(mark.index, index - sStart);
  const to = Math.max(mark.index, end);
  for (const p of sentence.matchAll(NOW_PIVOT)) if (p.index! >= from && p.index! <= to && p.index! < end) return false;
  return true;
}

function conditional(text: string, index: number): boolean {
  const [sStart] = sentenceBounds(text, index);
  const before = text.slice(sStart, index);
  let opener = -1;
  for (const m of before.matchAll(CONDITIONAL)) opener = m.index!;
  if (opener < 0) return false;
  // The conditional clause runs to the next comma or "then" after its opener.
  const clause = before.slice(opener);
  if (/,|\bthen\b/.test(clause)) return false;
  // Irrealis or a question about what to do anywhere in the sentence: "what would I do if she stopped breathing?".
  const [, sEnd] = sentenceBounds(text, index);
  if (IRREALIS.test(text.slice(sStart + opener, sEnd))) return true;
  return /\b(what|how) (would|should|do|can|to)\b/.test(text.slice(sStart, sStart + opener)) || /^[^.;!]{0,200}\?/.test(text.slice(index, index + 201));
}

/** A red flag in a sentence about an animal and no person ("the cat got into the antifreeze"), when the whole message is not about a pet. */
function aboutPet(text: string, index: number): boolean {
  const [sStart, sEnd] = sentenceBounds(text, index);
  const sentence = text.slice(sStart, sEnd);
  return PET.test(sentence) && !HUMAN.test(sentence.replace(PET, " "));
}

/** Why a match does not count (negated, history, hypothetical), or undefined when it does. */
export function discount(text: string, index: number, length: number, ownNegation: boolean, checkNegation = true): "negated" | "history" | "hypothetical" | "pet" | undefined {
  if (checkNegation && negated(text, index, length, ownNegation)) return "negated";
  if (history(text, index, length)) return "history";
  if (conditional(text, index)) return "hypothetical";
  if (aboutPet(text, index)) return "pet";
  return undefined;
}
