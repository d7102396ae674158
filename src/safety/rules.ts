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

const CHEST = /\b(chest|heart|breastbone|sternum)\b[^.;!?]{0,40}?\b(pain|pains|hurts?|hurting|ache|aching|pressure|tight|tightness|squeez\w*|crush\w*|heavy|heaviness|burning|killing me|vice|vise)\b|\b(pain|pressure|tight|tightness|heavy|heaviness|squeezing|weight|crushing)\b[^.;!?]{0,30}?\b(chest|breastbone|sternum)\b|\b(clutching|holding|gripping|grabbing) (my|his|her|their) chest\b|\b(standing|sitting|sat|kneeling) on (my|his|her|their) chest\b|\belephant\b|chest pain|(?<!(gave|give|gives|giving) me a |nearly had a |almost had a )\bheart attack\b/;
const SWEAT = /\b(sweat|sweating|sweaty|clammy|diaphoretic|cold sweat|drenched|dripping)\b/;
const RADIATE = /\b(radiat\w*|spread\w*|going|goes|moving|shoot\w*|down)\b[^.;!?]{0,25}?\b(arm|arms|jaw|neck|shoulder|back)\b|\bleft arm\b|\bjaw\b|\b(arm|arms|neck|shoulder)\b[^.;!?]{0,15}?\b(hurts?|aches?|aching|pain|numb)\b|\b(pale|grey|gray|ashen)\b/;
const BREATH_HARD = /short(ness)? of breath|cannot (catch|get) (my|his|her|their) breath|breathless|cannot breathe|can not breathe|struggling to breathe|hard to breathe|difficulty breathing|trouble breathing|gasping|not breathing|stopped breathing|turning blue|lips (are |look |turning |went )?blue|blue lips/;
const CHOKING = /\b(i am|he is|she is|they are|baby is|child is|toddler is|someone is|person is|man is|woman is|kid is|son is|daughter is|keeps) choking\b(?! (under|up|back|on (paper|it|the pressure)))|\bchoking on (food|something|a|an|his|her|my|their|piece|bone|grape|sweet|candy|toy|coin|meat|bread|water)\b|\bchoking and (cannot|can not|not|is not) (breathe|breathing|cough|coughing|speak|talk)/;
const BREATH_SEVERE = /\b(bad|severe|serious|really bad) asthma attack\b|\b(inhaler|reliever|puffer|nebuli[sz]er)\b[^.;!?]{0,20}?\b(doing nothing|not (working|helping)|no help|useless)\b|cannot breathe?\b|can not breathe?\b|(barely|hardly) (breathe|breathing|breath)\b|struggling to breathe|gasping|not breathing|stopped breathing|turning blue|\blips?\b[^.;!?]{0,25}?\b(blue|bluish|purple|grey|gray)\b|blue lips|inhaler[^.;!?]{0,20}?\b(not|is not|is no longer) (working|helping)|cannot (speak|talk)[^.;!?]{0,20}breath|breath[^.;!?]{0,30}cannot (speak|talk)|(short of breath|breathless)[^.;!?]{0,20}(cannot|can not) (speak|talk)/;
const NAUSEA_FAINT = /\b(nausea|nauseous|vomit\w*|throwing up|faint\w*|dizzy|lightheaded|passed out)\b/;
const FACE_DROOP = /\bcannot smile (properly|normally|straight)\b|\bone side (of (his|her|my|their|the) face )?(stays |is |looks |has gone |went )?(flat|frozen|dead|slack)\b|\bdrool\w* (from|out of) one side\b|\b(face|mouth|smile)\b[^.;!?]{0,30}?\b(droop\w*|droopy|sagging|uneven|lopsided|fallen|dropped|crooked|twisted)\b|\b(droop\w*|droopy|sagging|uneven|lopsided|crooked)\b[^.;!?]{0,30}?\b(face|mouth|smile)\b/;
const FACE = new RegExp(`${FACE_DROOP.source}|\\b(face|mouth)\\b[^.;!?]{0,30}?\\bnumb\\w*|\\bnumb\\w*\\b[^.;!?]{0,30}?\\b(face|mouth)\\b|one side of (his|her|my|their) face`);
const ARM = /\b(keeps )?dropping (things|stuff|objects|everything|(his|her|my|their) (cup|glass|phone|fork|spoon|keys))\b|\b(hand|arm|leg)s? (and (hand|arm|leg)s? )?(stopped working|will not work|not working)\b|\b(cannot|unable to|can not|could not|trouble) (lift|raise|move|hold up)\b[^.;!?]{0,25}?\b(arm|arms|hand|leg)\b|\b(arm|leg|hand|side)\b[^.;!?]{0,25}?\b(weak|weakness|numb|numbness|limp|dead|heavy|not working)\b|\b(weak|weakness|numb|numbness|limp|heaviness|paralys\w*)\b[^.;!?]{0,25}?\b(arm|leg|hand|one side|side of (his|her|my|the|their) body)\b/;
const SPEECH = /\bor (speak|talk)\b|\bspeech (is |was |sounds |seems )?(weird|strange|odd|off|funny|slow|thick)\b|\b(slurr\w*|garbled|jumbled|mumbl\w*)\b|\b(cannot|can not|unable to|trouble|struggling to) (speak|talk|get (his|her|my|the) words out|find (his|her|my|the) words)\b|words (are |were )?(coming out )?(wrong|mixed up|jumbled)|not making sense|speech/;
const STROKE = /\b(having|had|is having) a stroke\b|\bstroke\b[^.;!?]{0,20}(now|right now|happening)/;
const HEART_ATTACK_NOW = /(?<!nearly |almost )\b(having|is having|am having|had) a heart attack\b/;
const VOMIT_BLOOD = /\b(vomit\w*|throwing up|threw up|being sick)\b[^.;!?]{0,25}?\bblood\b|\bcoughing up (a lot of|lots of|large amounts of|so much|loads of) blood\b/;
const AIRWAY_SWELL = /\b(lips?|tongue|face|throat|eyes)\b (is |are |look |looks |went |have gone |has gone )?(huge|massive|enormous|puffy|puffed up|blown up)\b|\bvoice (is |has gone |went |sounds )?(hoarse|croaky|strange)|hurts to swallow|(trouble|difficulty|cannot) swallow\w*|tongue (feels|is|looks) (huge|big|thick|swollen)|\b(throat|tongue|lips?|face|mouth)\b[^.;!?]{0,25}?\b(swell\w*|swollen|puff\w*|closing|tight)\b|\b(swell\w*|swollen)\b[^.;!?]{0,25}?\b(throat|tongue|lips?|face|mouth)\b|anaphyla\w*|epipen|epi pen/;
const ALLERGY_CONTEXT = /\b(allerg\w*|peanut|nut|nuts|shellfish|bee|wasp|sting|stung|ate|eating|medication|antibiotic|penicillin|hives|rash)\b|anaphyla\w*|epipen|epi pen|breath|breathe|breathing|swallow/;
const SEVERE_BLEED = /\b(will not|would not|does not|cannot|can not|not) stop bleeding\b|\b\w*bleed\w*\b[^.;!?]{0,30}?\b(will not|would not|does not|cannot|can not) stop\b|\bbleed\w*\b[^.;!?]{0,10}?\b(heavily|profusely|badly|a lot|loads|nonstop|non stop)\b|\b(bleeding|blood)\b[^.;!?]{0,40}?\b(will not|cannot|can not|not) (stop|stopping)\b|\b(heavy|heavily|severe|severely|lots of|a lot of|spurting|pouring|gushing|soaking|soaked|uncontrolled)\b[^.;!?]{0,20}?\b(bleed\w*|blood)\b|\b(bleed\w*|blood)\b[^.;!?]{0,20}?\b(everywhere|spurting|pouring|gushing|soaked|soaking)\b/;
const SUICIDE = /\bself[- ]?harm\w*|\bcut (too deep|very deep)\b|\b(written|wrote|writing) (my|a|his|her) (suicide |goodbye )?note\b|\b(suicide|goodbye) note\b|\bdisappear forever\b|\b(going|about|planning|want|ready) to (take|swallow) (them all|all of them|the lot|all the pills|all my pills|the whole (bottle|packet|box))\b|\b(end|ending|take|taking) (my|his|her|their) (own )?life\b|\b(end|ending) it (all|tonight|today|now)\b|\b(night|day) (i|to) end it\b|\b(hang|hanging|drown|drowning|shoot|shooting|stab|stabbing|overdose) (myself|himself|herself|themselves)\b|\bno (reason|point) (for me )?to (keep )?(living|live|go on|be alive)\b|\b(want|going|about|planning|ready) to jump\b(?! (rope|start|in\b|into))|\bstanding on (the|a) (roof|ledge|edge|bridge)\b|\b(kill|killing|hurt|hurting|harm|harming|cut|cutting|end|ending)\b[^.;!?]{0,6}?\b(myself|himself|herself|themselves)\b|\bsuicid\w*|end (it all|my life|things|it tonight)|take my (own )?life|\b(do not|no longer) want to (live|be alive|wake up|be here)|better off dead|\bwant to die\b|going to jump|jump off|have a plan to|said goodbye to everyone/;
const PASSIVE_DEATH = /wish (i|he|she) (was not|were not|wasn't|weren't) (here|alive|around)|no point (in )?(living|going on)|tired of living|wish i could (disappear|sleep forever)/;
const DRUG = "(paracetamol|acetaminophen|tylenol|panadol|ibuprofen|aspirin|warfarin|insulin|fentanyl|oxycodone|oxycontin|morphine|codeine|tramadol|methadone|heroin|opioids?|benzos?|diazepam|valium|xanax|alprazolam|antidepressants?|amitriptyline|sertraline|citalopram|fluoxetine|lithium|digoxin|metformin|beta blockers?|propranolol|clonidine|iron (tablets|pills)|sleeping (pills|tablets)|painkillers?|pain killers?|medicines?|medication|meds|pills|tablets|capsules|patch|patches)";
const SUBSTANCE = `(${DRUG.slice(1, -1)}|bleach|detergent|dishwasher \\w+|washing up liquid|cleaning \\w+|chemicals?|button batter(y|ies)|batter(y|ies)|magnets?|antifreeze|weed killer|rat poison|pesticide|alcohol|vodka|e-liquid|vape liquid|liquid nicotine)`;
// A young child swallowing or chewing any medicine or chemical is an emergency (poison control).
const CHILD_INGESTION = new RegExp(`\\b(toddler|little (boy|girl|one)|my (son|daughter|kid|child|baby)|\\d{1,2} (month|year) old|\\b(one|two|three|four) year old)\\b[^.;!?]{0,40}?\\b(ate|eaten|swallowed|chewed|drank|drunk|licked|sucked|got into|bit into)\\b[^.;!?]{0,40}?\\b${SUBSTANCE}\\b`);
// Ten or more doses at once.
const MANY_DOSES = new RegExp(`\\b(took|taken|swallowed|had|ate)\\b[^.;!?]{0,15}?\\b([1-9]\\d|\\d{3}|a dozen|dozens of|twenty|thirty|forty|fifty)\\b[^.;!?]{0,15}?\\b${DRUG}\\b`);
const OVERDOSE = /\boverdos\w*|\b(double|triple|extra|several times) (of )?(my |his |her |the )?(dose|doses)\b|\b(doubled|tripled) (my |his |her |the )?dose\b|\b(drank|drunk|swallowed|ate|eaten|took)\b[^.;!?]{0,25}?\b(weed killer|bug spray|insecticide|pesticide|rat poison|methanol|lighter fluid|paint thinner|petrol|gasoline|kerosene|lamp oil|cleaning (product|fluid|spray)|dishwasher (tablet|pod)|mouthwash|nail polish remover|iron tablets|fentanyl|heroin|way too much|too much)\b|\b(took|taken|swallowed|ate|eaten|drank|drunk|drinking|swallow)\b[^.;!?]{0,40}?\b(pills|tablets|capsules|bottle|packet|whole|entire|bleach|poison|antifreeze|drain cleaner|detergent|laundry pod|button battery|battery|batteries|magnets|too many|too much|handful|all (of )?(my|the|his|her))\b|\bpoison\w*/;
const FEVER = /\b(fever|febrile|temperature|temp|burning up|hot to (the )?touch|high temp|39|40|41|102|103|104)\b/;
const SEPSIS_SIGN = /\b(confus\w*|not making sense|very drowsy|cannot stay awake|hard to wake|mottled|blotchy|blue|pale|grey|gray|breathing (very )?fast|rapid breathing|very fast breathing|not peeing|no urine|shivering uncontrollably|shaking uncontrollably|feels like (she|he|i) is dying|feel like i am dying)\b/;
const PREGNANT = /\b(pregnan\w*|weeks along|expecting)\b/;
const PREG_DANGER = /\b(bleed\w*|blood|spotting heavily|severe[^.;!?]{0,20}(pain|cramp\w*)|one side|one-sided|shoulder tip|fainted|faint|passed out|gush\w*|fluid)\b/;
// Under 3 months: up to 12 weeks, any number of days, 1–2 months.
const YOUNG_AGE = "(([1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) weeks?|\\d{1,2} days?|(1|2|one|two) months?)";
const INFANT = new RegExp(`\\b(newborn|new born|neonate)\\b|\\b${YOUNG_AGE}[ -]old\\b|\\b(baby|infant|son|daughter|newborn)\\b[^.;!?]{0,25}?\\b${YOUNG_AGE}\\b(?! pregnant)`);
const HEAD_HIT = /\b(hit|hitting|bang\w*|bump\w*|fell|fall|fallen|struck|knock\w*|injur\w*|smack\w*)\b[^.;!?]{0,40}?\b(head|skull)\b(?! (lightly|slightly|gently|softly))|\bhead (injury|trauma)\b|\bconcussion\b/;
const HEAD_DANGER = /\b(confus\w*|unconscious|passed out|knocked out|blacked out|vomit\w*|throwing up|drowsy|sleepy|not making sense|seizure|fitting|cannot remember|memory|clear fluid|blood from (his|her|my) (ear|nose))\b/;
const UNCONSCIOUS = /\bunconscious\b|\bunresponsive\b|\b(will not|cannot|can not|not|does not|did not) (wake|waking)\b|not waking|collapsed and|\bnot responding\b|\bno pulse\b|\bnot breathing\b/;
const SEIZURE = /\b(seizures?|seizing|fitting|convuls\w*|fit)\b(?! (medication|medicine|meds|tablets|drugs?|pills|plan|action plan|diary))|\bshaking all over\b|\b(jerking|twitching) (all over|uncontrollably)\b|\bbody (is )?(jerking|shaking uncontrollably)\b/;
const SEIZURE_BAD = /\b(has not woken|have not woken|not woken up|not come round|still not awake|going on for|lasted|lasting|for (\d+|five|six|seven|ten|fifteen) minutes|will not stop|not stopping|still|more than (5|five)|over (5|five)|keeps|first|again and again|another one|back to back|not waking)\b/;
const STIFF_NECK = /\bstiff neck\b|\bneck (is )?(stiff|hurts to bend)\b|\bcannot (bend|touch chin)\b/;
const RASH_GLASS = /\b(rash|spots|marks|blotches|dots)\b[^.;!?]{0,40}?\b(not fade|do not fade|does not fade|glass|purple)\b|\bpurple (rash|spots|blotches|dots)\b|\bnon[- ]blanching\b/;
const THUNDERCLAP = /\bworst headache\b|\bsudden\b[^.;!?]{0,20}?\b(severe|excruciating|terrible|explosive)\b[^.;!?]{0,10}?\bheadache\b|\bthunderclap\b/;
const BURN = /\b(severe|large|bad|deep)\b[^.;!?]{0,15}?\bburns?\b|\bburn\w*\b[^.;!?]{0,30}?\b(face|airway|large area|whole arm|chest|blister\w* everywhere)\b/;
const DKA = /\b(diabet\w*|blood sugar|glucose|type (1|one)|t1d|ketones|insulin)\b[^.;!?]{0,80}?\b(vomit\w*|fruity|confus\w*|breathing (fast|deep)|ketones)\b/;

export const EMERGENCY_RULES: Rule[] = [
  { id: "chest_pain_cardiac", label: "chest pain with sweating, radiation, breathlessness or nausea", level: "emergency", all: [CHEST, new RegExp(`${SWEAT.source}|${RADIATE.source}|${BREATH_HARD.source}|${NAUSEA_FAINT.source}|crushing|elephant`)] },
  { id: "stroke_face_arm", label: "stroke signs (face and arm)", level: "emergency", all: [FACE, ARM] },
  { id: "stroke_face_speech", label: "stroke signs (face and speech)", level: "emergency", all: [FACE, SPEECH] },
  { id: "stroke_arm_speech", label: "stroke signs (arm and speech)", level: "emergency", all: [ARM, SPEECH] },
  { id: "stroke_face_droop", label: "stroke sign: one side of the face drooping", level: "emergency", all: [FACE_DROOP] },
  { id: "heart_attack_named", label: "heart attack happening now", level: "emergency", all: [HEART_ATTACK_NOW] },
  { id: "vomiting_blood", label: "vomiting or coughing up a lot of blood", level: "emergency", all: [VOMIT_BLOOD] },
  { id: "non_blanching_rash", label: "rash that does not fade under a glass", level: "emergency", all: [RASH_GLASS] },
  { id: "choking", label: "choking", level: "emergency", all: [CHOKING] },
  { id: "stroke_named", label: "stroke happening now", level: "emergency", all: [STROKE] },
  { id: "stroke_sudden_sign", label: "sudden stroke sign (face, arm or speech)", level: "emergency", all: [/\bsudden(ly)?\b/, new RegExp(`${FACE.source}|${ARM.source}|${SPEECH.source}`)] },
  { id: "anaphylaxis", label: "signs of anaphylaxis (airway swelling after a trigger)", level: "emergency", all: [AIRWAY_SWELL, ALLERGY_CONTEXT] },
  { id: "severe_bleeding", label: "severe or uncontrolled bleeding", level: "emergency", all: [SEVERE_BLEED] },
  { id: "severe_breathing", label: "severe difficulty breathing", level: "emergency", all: [BREATH_SEVERE] },
  { id: "suicidal_ideation", label: "suicidal thoughts or self-harm", level: "emergency", all: [SUICIDE] },
  { id: "child_ingestion", label: "a young child swallowed a medicine or chemical", level: "emergency", all: [CHILD_INGESTION] },
  { id: "many_doses", label: "many doses taken at once", level: "emergency", all: [MANY_DOSES] },
  { id: "overdose_poisoning", label: "overdose or poisoning", level: "emergency", all: [OVERDOSE] },
  { id: "sepsis_signs", label: "fever with signs of sepsis", level: "emergency", all: [FEVER, SEPSIS_SIGN] },
  { id: "pregnancy_bleeding", label: "bleeding or severe pain in pregnancy", level: "emergency", all: [PREGNANT, PREG_DANGER] },
  { id: "infant_fever", label: "fever in an infant under 3 months", level: "emergency", all: [INFANT, FEVER] },
  { id: "head_injury_danger", label: "head injury with confusion, loss of consciousness or vomiting", level: "emergency", all: [HEAD_HIT, HEAD_DANGER] },
  { id: "unconscious", label: "unconscious or unresponsive", level: "emergency", all: [UNCONSCIOUS] },
  { id: "first_seizure", label: "first ever seizure", level: "emergency", all: [/\b(never|not ever) (had|has had|had had) (a |any )?(seizure|seizures|fit|fits) before\b|\bfirst (ever )?(seizure|fit)\b/] },
  { id: "seizure_prolonged", label: "prolonged, repeated or first seizure", level: "emergency", all: [SEIZURE, SEIZURE_BAD] },
  { id: "meningitis_signs", label: "fever with stiff neck or non-blanching rash", level: "emergency", all: [FEVER, new RegExp(`${STIFF_NECK.source}|${RASH_GLASS.source}`)] },
  { id: "thunderclap_headache", label: "sudden worst-ever headache", level: "emergency", all: [THUNDERCLAP] },
  { id: "severe_burn", label: "severe burn", level: "emergency", all: [BURN] },
  { id: "dka_signs", label: "diabetic with vomiting, confusion or fast breathing", level: "emergency", all: [DKA] },
];

export const URGENT_RULES: Rule[] = [
  { id: "chest_pain", label: "chest pain", level: "urgent", all: [CHEST] },
  { id: "breathing_worsening", label: "breathing getting worse", level: "urgent", all: [/\bbreathing (is |has been )?(getting |got )?worse\b|\bworse (and worse )?breathing\b/] },
  { id: "burn_blistering", label: "burn with blisters", level: "urgent", all: [/\b(burn|burnt|burned|scald\w*)\b[^.;!?]{0,40}?\bblister\w*/] },
  { id: "swelling_with_fever", label: "swelling with a fever", level: "urgent", all: [/\b(swell\w*|swollen|abscess)\b/, /\b(fever|temperature|temp|chills)\b/] },
  { id: "breathing_difficulty", label: "difficulty breathing", level: "urgent", all: [BREATH_HARD] },
  { id: "passive_death_wish", label: "thoughts of not wanting to be alive", level: "urgent", all: [PASSIVE_DEATH] },
  { id: "seizure", label: "seizure", level: "urgent", all: [SEIZURE] },
  { id: "high_fever", label: "high or persistent fever", level: "urgent", all: [/\bhigh fever\b|\b(fever|temperature|temp)\b[^.;!?]{0,12}?\b(39|40|41|102|103|104)\b|\bfever\b[^.;!?]{0,30}?\b(for|over|past|since) (\d+|two|three|four|five|six|several|a few) days\b|\b(fever|temperature|temp)\b[^.;!?]{0,30}?\b(not going down|will not go down|keeps coming back)\b/] },
  { id: "pregnancy_concern", label: "pregnancy with worrying symptoms", level: "urgent", all: [PREGNANT, /\b(pain|cramp\w*|headache|swelling|not moving|less movement|moving less|fewer movements|stopped moving|not moved|vomit\w*|fever)\b/] },
  { id: "head_injury", label: "head injury", level: "urgent", all: [HEAD_HIT] },
  { id: "dehydration", label: "unable to keep fluids down", level: "urgent", all: [/\b(cannot|can not|unable to) keep (anything|fluids|water|liquids|food) down\b|vomit\w*[^.;!?]{0,40}(all day|24 hours|since yesterday|two days|for days)/] },
  { id: "wound_injury", label: "injury needing urgent care", level: "urgent", all: [/\b(deep|gaping|wide) (cut|wound|gash|laceration)\b|need(s)? stitches|cannot (put|bear) weight|bone (sticking|poking) out|\b(broke|broken|fractured?)\b[^.;!?]{0,20}(arm|leg|wrist|ankle|bone|hip|collarbone|elbow|finger|toe|rib|nose|foot|hand)|\b(arm|leg|wrist|ankle|finger|elbow)\b[^.;!?]{0,20}\b(deformed|bent the wrong way)/] },
  { id: "eye_emergency", label: "eye injury or sudden vision change", level: "urgent", all: [/\b(sudden|suddenly)\b[^.;!?]{0,30}(vision|blind|see)|\b(chemical|something|metal)\b[^.;!?]{0,20}\beye\b|eye injury|lost (my|his|her) vision/] },
  { id: "infection_spreading", label: "spreading infection", level: "urgent", all: [/\b(red|redness|swelling|streak\w*)\b[^.;!?]{0,40}(spreading|getting bigger|streak\w*|up (my|his|her) (arm|leg))/] },
  { id: "uti_fever", label: "urinary infection with fever or back pain", level: "urgent", all: [/\b(uti|urinary|burning (when|while) (i )?(pee|urinat\w*)|\b(burns?|hurts?|stings?|pain) (when|while) (i )?(pee|urinat\w*)|peeing)\b/, /\b(fever|back pain|flank|shiver\w*|chills)\b/] },
];
