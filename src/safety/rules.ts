/**
 * Red-flag rules. Each rule needs every one of its concept groups present, un-negated, in the
 * (normalized) message. Sources: NHS 111 / NICE red flags, the FAST stroke test, AHA warning
 * signs of heart attack, the Sepsis Trust's red flags, and the safety themes of HealthBench
 * (emergency referrals). Written for medpsy; concepts are regular expressions over normalized
 * text (see normalize.ts), so plain-language and misspelled descriptions reach them.
 */
import type { TriageLevel } from "../sdk/types.ts";

export interface Rule {
  id: string;
  label: string;
  level: TriageLevel;
  /** Every group must match (un-negated). */
  all: RegExp[];
}

const CHEST = /\b(chest|heart)\b[^.;!?]{0,40}?\b(pain|pains|hurts?|hurting|ache|aching|pressure|tight|tightness|squeez\w*|crushing|heavy|heaviness|burning)\b|\b(pain|pressure|tightness|heaviness|squeezing|weight)\b[^.;!?]{0,30}?\b(chest)\b|\belephant\b|chest pain|\bheart attack\b/;
const SWEAT = /\b(sweat|sweating|sweaty|clammy|diaphoretic|cold sweat)\b/;
const RADIATE = /\b(radiat\w*|spread\w*|going|goes|moving|shoot\w*|down)\b[^.;!?]{0,25}?\b(arm|arms|jaw|neck|shoulder|back)\b|\bleft arm\b|\bjaw\b/;
const BREATH_HARD = /short(ness)? of breath|cannot (catch|get) (my|his|her|their) breath|breathless|cannot breathe|can not breathe|struggling to breathe|hard to breathe|difficulty breathing|trouble breathing|gasping|not breathing|stopped breathing|turning blue|lips (are |look |turning |went )?blue|blue lips|choking/;
const BREATH_SEVERE = /cannot breathe|can not breathe|struggling to breathe|gasping|not breathing|stopped breathing|turning blue|lips (are |look |turning |went )?blue|blue lips|choking|cannot (speak|talk)[^.;!?]{0,20}breath|breath[^.;!?]{0,30}cannot (speak|talk)/;
const NAUSEA_FAINT = /\b(nausea|nauseous|vomit\w*|throwing up|faint\w*|dizzy|lightheaded|passed out)\b/;
const FACE = /\b(face|mouth|smile)\b[^.;!?]{0,30}?\b(droop\w*|drooping|droopy|sagging|uneven|lopsided|fallen|numb)\b|\b(droop\w*|droopy|sagging|uneven|lopsided|numbness|numb)\b[^.;!?]{0,30}?\b(face|mouth|smile)\b|one side of (his|her|my|their) face/;
const ARM = /\b(cannot|unable to|can not|could not|trouble) (lift|raise|move|hold up)\b[^.;!?]{0,25}?\b(arm|arms|hand|leg)\b|\b(arm|leg|hand|side)\b[^.;!?]{0,25}?\b(weak|weakness|numb|numbness|limp|dead|heavy|not working)\b|\b(weak|weakness|numb|numbness|limp|heaviness|paralys\w*)\b[^.;!?]{0,25}?\b(arm|leg|hand|one side|side of (his|her|my|the|their) body)\b/;
const SPEECH = /\b(slurr\w*|garbled|jumbled|mumbl\w*)\b|\b(cannot|can not|unable to|trouble|struggling to) (speak|talk|get (his|her|my|the) words out|find (his|her|my|the) words)\b|words (are |were )?(coming out )?(wrong|mixed up|jumbled)|not making sense|speech/;
const STROKE = /\b(having|had|is having) a stroke\b|\bstroke\b[^.;!?]{0,20}(now|right now|happening)/;
const AIRWAY_SWELL = /\b(throat|tongue|lips?|face|mouth)\b[^.;!?]{0,25}?\b(swell\w*|swollen|puff\w*|closing|tight)\b|\b(swell\w*|swollen)\b[^.;!?]{0,25}?\b(throat|tongue|lips?|face|mouth)\b|anaphyla\w*|epipen|epi pen/;
const ALLERGY_CONTEXT = /\b(allerg\w*|peanut|nut|nuts|shellfish|bee|wasp|sting|stung|ate|eating|medication|antibiotic|penicillin|hives|rash)\b|anaphyla\w*|epipen|epi pen|breath|breathe|breathing|swallow/;
const SEVERE_BLEED = /\b(bleeding|blood)\b[^.;!?]{0,40}?\b(will not|cannot|can not|not) (stop|stopping)\b|\b(heavy|heavily|severe|severely|lots of|a lot of|spurting|pouring|gushing|soaking|soaked|uncontrolled)\b[^.;!?]{0,20}?\b(bleed\w*|blood)\b|\b(bleed\w*|blood)\b[^.;!?]{0,20}?\b(everywhere|spurting|pouring|gushing|soaked|soaking)\b/;
const SUICIDE = /\b(kill|killing|hurt|hurting|harm|harming|cut|cutting|end|ending)\b[^.;!?]{0,6}?\b(myself|himself|herself|themselves)\b|\bsuicid\w*|end (it all|my life|things|it tonight)|take my (own )?life|\b(do not|no longer) want to (live|be alive|wake up|be here)|better off dead|\bwant to die\b|going to jump|jump off|have a plan to|said goodbye to everyone/;
const PASSIVE_DEATH = /wish (i|he|she) (was not|were not|wasn't|weren't) (here|alive|around)|no point (in )?(living|going on)|tired of living|wish i could (disappear|sleep forever)/;
const OVERDOSE = /\boverdos\w*|\b(took|taken|swallowed|ate|drank|drunk|swallow)\b[^.;!?]{0,40}?\b(pills|tablets|capsules|bottle|packet|whole|entire|bleach|poison|antifreeze|drain cleaner|detergent|too many|too much|handful|all (of )?(my|the|his|her))\b|\bpoison\w*/;
const FEVER = /\b(fever|febrile|temperature|temp|burning up|hot to (the )?touch|high temp|39|40|41|102|103|104)\b/;
const SEPSIS_SIGN = /\b(confus\w*|not making sense|very drowsy|cannot stay awake|hard to wake|mottled|blotchy|blue|pale|grey|gray|breathing (very )?fast|rapid breathing|very fast breathing|not peeing|no urine|shivering uncontrollably|shaking uncontrollably|feels like (she|he|i) is dying|feel like i am dying)\b/;
const PREGNANT = /\b(pregnan\w*|weeks along|expecting)\b/;
const PREG_DANGER = /\b(bleed\w*|blood|spotting heavily|severe[^.;!?]{0,20}(pain|cramp\w*)|one side|one-sided|shoulder tip|fainted|faint|passed out|gush\w*|fluid)\b/;
const INFANT = /\b(newborn|new born|neonate|(\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (week|weeks|day|days)[ -]old|(1|2|one|two) (month|months)[ -]old|(baby|infant|son|daughter|newborn)\b[^.;!?]{0,25}?\b(\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (days|weeks)\b|(\d|one|two|three|four|five|six|seven|eight|nine|ten) (days|weeks) (old|baby)|(baby|infant)\b[^.;!?]{0,25}?\b(1|2|one|two) months?\b)/;
const HEAD_HIT = /\b(hit|hitting|bang\w*|bump\w*|fell|fall|fallen|struck|knock\w*|injur\w*|smack\w*)\b[^.;!?]{0,40}?\b(head|skull)\b|\bhead (injury|trauma)\b|\bconcussion\b/;
const HEAD_DANGER = /\b(confus\w*|unconscious|passed out|knocked out|blacked out|vomit\w*|throwing up|drowsy|sleepy|not making sense|seizure|fitting|cannot remember|memory|clear fluid|blood from (his|her|my) (ear|nose))\b/;
const UNCONSCIOUS = /\bunconscious\b|\bunresponsive\b|\b(will not|cannot|can not|not|does not|did not) (wake|waking)\b|not waking|collapsed and|\bnot responding\b|\bno pulse\b|\bnot breathing\b/;
const SEIZURE = /\b(seizure|seizures|seizing|fitting|convuls\w*|fit)\b/;
const SEIZURE_BAD = /\b(will not stop|not stopping|still|more than (5|five)|over (5|five)|keeps|first|again and again|another one|back to back|not waking)\b/;
const STIFF_NECK = /\bstiff neck\b|\bneck (is )?(stiff|hurts to bend)\b|\bcannot (bend|touch chin)\b/;
const RASH_GLASS = /\brash\b[^.;!?]{0,40}?\b(not fade|does not fade|glass|purple|spots that)\b/;
const THUNDERCLAP = /\bworst headache\b|\bsudden\b[^.;!?]{0,20}?\b(severe|excruciating|terrible|explosive)\b[^.;!?]{0,10}?\bheadache\b|\bthunderclap\b/;
const BURN = /\b(severe|large|bad|deep)\b[^.;!?]{0,15}?\bburns?\b|\bburn\w*\b[^.;!?]{0,30}?\b(face|airway|large area|whole arm|chest|blister\w* everywhere)\b/;
const DKA = /\b(diabet\w*|blood sugar|glucose)\b[^.;!?]{0,80}?\b(vomit\w*|fruity|confus\w*|breathing (fast|deep)|ketones)\b/;

export const EMERGENCY_RULES: Rule[] = [
  { id: "chest_pain_cardiac", label: "chest pain with sweating, radiation, breathlessness or nausea", level: "emergency", all: [CHEST, new RegExp(`${SWEAT.source}|${RADIATE.source}|${BREATH_HARD.source}|${NAUSEA_FAINT.source}|crushing|elephant`)] },
  { id: "stroke_face_arm", label: "stroke signs (face and arm)", level: "emergency", all: [FACE, ARM] },
  { id: "stroke_face_speech", label: "stroke signs (face and speech)", level: "emergency", all: [FACE, SPEECH] },
  { id: "stroke_arm_speech", label: "stroke signs (arm and speech)", level: "emergency", all: [ARM, SPEECH] },
  { id: "stroke_named", label: "stroke happening now", level: "emergency", all: [STROKE] },
  { id: "stroke_sudden_sign", label: "sudden stroke sign (face, arm or speech)", level: "emergency", all: [/\bsudden(ly)?\b/, new RegExp(`${FACE.source}|${ARM.source}|${SPEECH.source}`)] },
  { id: "anaphylaxis", label: "signs of anaphylaxis (airway swelling after a trigger)", level: "emergency", all: [AIRWAY_SWELL, ALLERGY_CONTEXT] },
  { id: "severe_bleeding", label: "severe or uncontrolled bleeding", level: "emergency", all: [SEVERE_BLEED] },
  { id: "severe_breathing", label: "severe difficulty breathing", level: "emergency", all: [BREATH_SEVERE] },
  { id: "suicidal_ideation", label: "suicidal thoughts or self-harm", level: "emergency", all: [SUICIDE] },
  { id: "overdose_poisoning", label: "overdose or poisoning", level: "emergency", all: [OVERDOSE] },
  { id: "sepsis_signs", label: "fever with signs of sepsis", level: "emergency", all: [FEVER, SEPSIS_SIGN] },
  { id: "pregnancy_bleeding", label: "bleeding or severe pain in pregnancy", level: "emergency", all: [PREGNANT, PREG_DANGER] },
  { id: "infant_fever", label: "fever in an infant under 3 months", level: "emergency", all: [INFANT, FEVER] },
  { id: "head_injury_danger", label: "head injury with confusion, loss of consciousness or vomiting", level: "emergency", all: [HEAD_HIT, HEAD_DANGER] },
  { id: "unconscious", label: "unconscious or unresponsive", level: "emergency", all: [UNCONSCIOUS] },
  { id: "seizure_prolonged", label: "prolonged, repeated or first seizure", level: "emergency", all: [SEIZURE, SEIZURE_BAD] },
  { id: "meningitis_signs", label: "fever with stiff neck or non-blanching rash", level: "emergency", all: [FEVER, new RegExp(`${STIFF_NECK.source}|${RASH_GLASS.source}`)] },
  { id: "thunderclap_headache", label: "sudden worst-ever headache", level: "emergency", all: [THUNDERCLAP] },
  { id: "severe_burn", label: "severe burn", level: "emergency", all: [BURN] },
  { id: "dka_signs", label: "diabetic with vomiting, confusion or fast breathing", level: "emergency", all: [DKA] },
];

export const URGENT_RULES: Rule[] = [
  { id: "chest_pain", label: "chest pain", level: "urgent", all: [CHEST] },
  { id: "breathing_difficulty", label: "difficulty breathing", level: "urgent", all: [BREATH_HARD] },
  { id: "passive_death_wish", label: "thoughts of not wanting to be alive", level: "urgent", all: [PASSIVE_DEATH] },
  { id: "seizure", label: "seizure", level: "urgent", all: [SEIZURE] },
  { id: "high_fever", label: "high or persistent fever", level: "urgent", all: [/\bhigh fever\b|\b(fever|temperature|temp)\b[^.;!?]{0,12}?\b(39|40|41|102|103|104)\b|\bfever\b[^.;!?]{0,30}?\b(for|over|past|since) (\d+|two|three|four|five|six|several|a few) days\b|\bfever\b[^.;!?]{0,30}?\b(not going down|will not go down|keeps coming back)\b/] },
  { id: "pregnancy_concern", label: "pregnancy with worrying symptoms", level: "urgent", all: [PREGNANT, /\b(pain|cramp\w*|headache|swelling|not moving|less movement|vomit\w*|fever)\b/] },
  { id: "head_injury", label: "head injury", level: "urgent", all: [HEAD_HIT] },
  { id: "dehydration", label: "unable to keep fluids down", level: "urgent", all: [/\b(cannot|can not|unable to) keep (anything|fluids|water|liquids|food) down\b|vomit\w*[^.;!?]{0,40}(all day|24 hours|since yesterday|two days|for days)/] },
  { id: "wound_injury", label: "injury needing urgent care", level: "urgent", all: [/\b(deep|gaping|wide) (cut|wound|gash|laceration)\b|need(s)? stitches|cannot (put|bear) weight|bone (sticking|poking) out|\b(broken|fractured?)\b[^.;!?]{0,20}(arm|leg|wrist|ankle|bone)/] },
  { id: "eye_emergency", label: "eye injury or sudden vision change", level: "urgent", all: [/\b(sudden|suddenly)\b[^.;!?]{0,30}(vision|blind|see)|\b(chemical|something|metal)\b[^.;!?]{0,20}\beye\b|eye injury|lost (my|his|her) vision/] },
  { id: "infection_spreading", label: "spreading infection", level: "urgent", all: [/\b(red|redness|swelling|streak\w*)\b[^.;!?]{0,40}(spreading|getting bigger|streak\w*|up (my|his|her) (arm|leg))/] },
  { id: "uti_fever", label: "urinary infection with fever or back pain", level: "urgent", all: [/\b(uti|urinary|burning (when|while) (i )?(pee|urinat\w*)|peeing)\b/, /\b(fever|back pain|flank|shiver\w*|chills)\b/] },
];
