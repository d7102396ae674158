/** Airway and breathing: severe breathlessness, asthma attacks, choking, pulmonary embolism. */
import type { Presentation } from "./types.ts";
import { BREATHLESS, CHEST_PAIN } from "./concepts.ts";
import { BREATHING, BREATHING_FAILING } from "./concept-words.ts";

/** Breathing that cannot wait (MTS 'airway compromise', 'inadequate breathing', 'unable to talk in sentences'). */
export const SEVERE_BREATHING = [
  "cannot breathe|can not breathe|cannot breath|unable to breathe|not able to breathe", // outright
  "cannot get @poss breath|cannot catch @poss breath|cannot get air|cannot get any air|cannot get enough air|cannot get air in|not getting enough air", // cannot get air
  "struggling|fighting|battling|gasping ~2 to breathe|for breath|for air", // effort
  "barely|hardly ~2 breathe|breathing|breath|get air|get any air", // barely
  "i am gasping|is gasping|are gasping|gasping for", // gasping
  "breathing ~3 through a straw|like a straw", // lay simile
  "lips|mouth|face|tongue|skin|fingers|fingertips ~4 blue|bluish|purple|grey|gray|dusky|going blue|gone blue|turning blue|blue tinge", // cyanosis
  "blue|bluish|grey|dusky ~3 (round|around|on) ~2 lips|mouth", // cyanosis
  "turning|gone|going|went|turned ~2 blue|purple", // "he's going blue"
  "breathing|breathes|breaths ~5 (1|2|3|4|5|6|7|8|one|two|three|four|five|six) times a minute|breaths a minute|breaths per minute|times per minute", // too slow (opioids, a brain injury)
  "cannot finish a sentence|cannot finish @poss sentences|cannot speak in full sentences|cannot get a sentence out|cannot talk in sentences|only say a few words|only say a couple of words|only get a few words out|single words", // MTS: unable to talk in sentences
  "too breathless|too short of breath|too out of breath ~3 talk|speak|eat|feed|walk|move", // too breathless to …
  "cannot speak|cannot talk ~4 breath*", // cannot speak for breathlessness
  "breathless|short of breath ~6 cannot speak|cannot talk|cannot lie down|cannot lie flat|even sitting|at rest|sitting still|resting", // at rest
  "stridor", // named
  "whistle|whistling|squeak*|crowing ~4 breathes in|breathing in|breathe in|breath in", // stridor, said plainly
  "high pitched noise|high pitched sound|whistling noise|crowing noise ~4 breath*|breathing in|breathes in", // stridor
  "oxygen|sats|saturation*|oxygen level*|oxygen reader|oximeter|pulse ox|spo2|o2 ~4 7#|8#|90|91|6#", // SpO2 under 92
  "inhaler|inhalers|puffers|reliever|puffer|nebuli*|ventolin|salbutamol|albuterol ~6 not working|not helping|doing nothing|done nothing|did nothing|does nothing|no use|no help|not touching it|no difference|not making a difference|useless|not lasting|not doing anything", // asthma not responding
  "inhaler|puffer|ventolin|salbutamol ~4 ## times|## puffs|every few minutes|every ten minutes|10 times|10 puffs", // NHS: 10 puffs and no better
  "## puffs ~4 inhaler|puffer|ventolin|salbutamol|blue one|reliever", // the puffs first
  "inhaler|inhalers|puffer|ventolin|salbutamol|reliever ~4 ten times|eleven times|twelve times|a dozen times|fifteen times|twenty times|ten puffs|twelve puffs", // NHS: 10 puffs and no better, the count in words
  "only ~2 get|say|manage ~3 (two|three|2|3|a_few|a_couple_of|one_or_two|two_or_three) words", // MTS: unable to talk in sentences, "can only get two or three words out"
  "severe|bad|really bad|serious|worst ~2 asthma attack", // named
  "asthma ~6 cannot talk|cannot speak|only nodding|on the floor|going blue|gone blue|turning blue|turned blue|lips blue|blue lips|lips are blue|exhausted|drowsy|collapsed", // life-threatening asthma (not "the blue inhaler")
  "leaning forward ~6 breath*|cannot lie down|cannot lie flat", // tripod position
  "breathing ~3 fast|hard|heavily ~4 sitting still|at rest|even sitting|resting|lying still", // breathless at rest
  "cannot walk ~4 across the room|to the bathroom|to the toilet|to the kitchen ~3 without stopping|without stopping for breath", // MTS: too breathless to walk
  "chest|ribs|neck|throat ~3 sinking in|sucking in|caving in|pulling in ~4 breath|breathing|breathes", // recession at any age
];

export const RESPIRATORY: Presentation[] = [
  {
    id: "severe_breathing",
    label: "severe difficulty breathing",
    category: "respiratory",
    level: "emergency",
    basis: "MTS 'inadequate breathing', 'unable to talk in sentences', 'cyanosis', SpO2 < 92 %; NHS asthma: call 999 if the inhaler does not help or lips turn blue",
    any: SEVERE_BREATHING,
    except: [
      "breathe|breath|breathing ~2 through @poss nose", // a blocked nose
      "nose ~4 blocked|stuffed|bunged|congested", // a blocked nose
      "nose ~6 cannot breathe|can not breathe", // a blocked nose
      "breathe|breath|breathing ~2 through it", // "cannot breathe through it"
      "cannot breathe ~3 laughing|laughed|so funny|lol|lmao", // laughter
      "so good|so funny|so cute|so excited|so hot|so fit|so gorgeous|so beautiful ~3 cannot breathe", // delight said as breathlessness
      "cannot breathe ~3 still screaming|screaming|crying laughing|dead|deceased", // delight, internet register
      "cannot breathe ~3 without|in this|in here|in that|with all|with the deadlines|with everything", // figurative: "cannot breathe without you", "with all the deadlines"
    ],
  },
  {
    id: "severe_breathing_described",
    label: "severe difficulty breathing",
    category: "respiratory",
    level: "emergency",
    basis: "MTS 'inadequate breathing': breathing and a sign that it is failing said together in any order ('breathing he can barely', 'is hardly breathing')",
    near: [BREATHING, BREATHING_FAILING],
    nearWords: 4,
    except: [
      "breathe|breath|breathing ~2 through @poss nose|through it|properly through", // a blocked nose
      "nose ~6 breathe|breathing", // a blocked nose
      "laugh*|lol|lmao|so funny|excited|nervous|anxious|panic* ~6 breathe|breathing", // laughter, nerves
      "so good|so cute|still screaming|screaming ~6 breathe|breathing", // delight said as breathlessness
      "breathe|breathing ~6 laugh*|lol|lmao|so funny", // laughter
      "cannot breathe ~3 without|in this|in here|in that|with all|with the deadlines|with everything", // figurative: "cannot breathe without you", "in this heat"
      "drowning in ~4 work|coursework|deadlines|paperwork|emails|debt", // figurative
      "after ~4 running|run|exercise|gym|stairs|climbing|walking|sprint*|workout", // exertion
    ],
  },
  {
    id: "choking",
    label: "choking",
    category: "respiratory",
    level: "emergency",
    basis: "Resuscitation Council choking: cannot cough, speak or breathe; universal sign of hands at the throat",
    any: [
      "@person|i|baby|toddler ~2 is choking|keeps choking|started choking|was choking|choking on", // choking now
      "choking ~3 cannot|can not|not able to ~2 breathe|cough|speak|talk|cry", // cannot cough
      "choking on ~3 food|something|a grape|grape|sweet|candy|a toy|toy|coin|meat|bread|bone|nut|popcorn|sausage", // on something
      "clutching|holding|grabbing|grabbed|clutched ~2 @poss throat", // the universal sign
      "something ~4 stuck ~3 throat|windpipe ~6 cannot|not|struggling", // stuck
      "cannot cough ~4 make any sound|make a sound|cry|breathe|speak", // silent
      "could not|cannot|unable to ~2 cough or speak|cough or breathe|speak or cough|breathe or speak", // silent, said as it happened
      "pointing|pointed|gesturing ~2 at|to ~2 @poss throat", // the universal sign
      "chok* ~8 not making any noise|cannot make a sound|cannot make any noise|cannot make any sound|no sound|turning purple|turning blue|going blue|going purple", // silent, said after
      "food|grape|sweet|coin|toy|sausage|nut ~4 stuck ~3 throat|windpipe", // stuck food
      "choked|choking ~2 on ~4 sweet|candy|grape|food|toy|coin|bone|meat|bread|nut|sausage|lolly|marble|piece|something|chunk|popcorn", // choked on something
      "not making any noise|not making a sound|cannot make a sound|cannot make any noise|no sound coming out ~8 chok*|swallowed|stuck|sweet|food", // silent choking
    ],
    except: ["coughed it up|coughed it out|fine now|went down the wrong way|choked on @poss words|choking on @poss words|choked up|choking up|choked back"],
  },
  {
    id: "pulmonary_embolism",
    label: "sudden breathlessness or chest pain with a swollen leg, a long journey or coughing blood",
    category: "respiratory",
    level: "emergency",
    basis: "NHS pulmonary embolism: sudden breathlessness or sharp chest pain worse on breathing in, coughing blood, with a DVT or risk; call 999",
    all: [
      [...SEVERE_BREATHING, ...CHEST_PAIN, "sudden*|out of nowhere|all of a sudden ~3 breathless|short of breath|out of breath", "sharp pain ~4 breathe in|breath in|breathing in|deep breath|i breathe", "coughed|coughing|cough ~2 up ~3 blood"],
      [
        "calf|leg|thigh ~4 swollen|swelling|swelled|red|hot|tender|painful|hurts", // DVT
        "long haul|long flight|flew back|flight back|flew home|long drive|long journey|long car journey", // immobility
        "after @poss operation|after surgery|after @poss surgery|after @poss c section|since @poss operation|just had surgery|post op", // surgery
        "on the pill|contraceptive pill|hrt|blood clot*|dvt|clot", // risk
        "coughed|coughing|cough ~2 up ~3 blood", // haemoptysis
        "sudden*|out of nowhere|all of a sudden", // sudden onset
      ],
    ],
  },
  {
    id: "coughing_blood_heavy",
    label: "coughing up a lot of blood",
    category: "respiratory",
    level: "emergency",
    basis: "NHS: call 999 if you are coughing up a lot of blood or it comes with breathlessness",
    any: [
      "cough*|coughed|bringing up ~5 cup|cups|cupfuls|mouthfuls|lots|a lot|loads|handfuls|clots|so much|bright red|large amounts|big amounts|half a cup ~3 blood", // quantity
      "cough*|coughed ~3 blood ~6 half a cup|a cup|cupful|mouthful*|lots|a lot", // quantity after
      "cough*|coughed|bringing ~2 up ~3 blood ~6 breathless|short of breath|cannot breathe|cannot stop|will not stop", // with breathlessness
    ],
  },
];
