/** Children and babies: NICE's red features, ingestions, and what is an emergency only because the child is young. */
import type { Presentation } from "./types.ts";
import { FEVER, HEAD_HIT, INFANT, VOMITING, YOUNG_CHILD } from "./concepts.ts";

const CHILD_OR_BABY = [
  ...YOUNG_CHILD, ...INFANT,
  "son|daughter|kid|child|boy|girl|niece|nephew|grandson|granddaughter", // any child
  "# year old|# years old", // "my 10yo" (normalize.ts spaces "10yo" and spells "yo" out)
];

export const CHILD: Presentation[] = [
  {
    id: "child_ingestion",
    label: "a young child swallowed a medicine, chemical, battery or magnet",
    category: "child",
    level: "emergency",
    basis: "Poison-control guidance: any medicine or household chemical swallowed by a young child needs advice now; NHS: a swallowed button battery or magnet is an emergency",
    all: [
      YOUNG_CHILD,
      [
        "swallowed|eaten|ate|drank|drunk|chewed|sucked|licked|got into|got hold of|had some of|has had some of|bit into ~12 @med|@chemical", // ingestion
        "@med|@chemical ~6 swallowed|ate|eaten|drank|drunk|chewed|took some|taken some", // the medicine first
        "drank|drunk|swallowed|ate ~6 under the sink|cleaning cupboard|garage", // from where poisons are kept
        "@med|@chemical ~4 missing|gone|open|empty|chewed", // evidence of ingestion
      ],
    ],
  },
  {
    id: "battery_magnet",
    label: "swallowed a button battery or magnets",
    category: "child",
    level: "emergency",
    basis: "NHS / Child Accident Prevention Trust: a swallowed button battery can burn through the gullet within hours; go to A&E now",
    any: [
      "swallowed|swallow|eaten|ate|put ~6 batter*|button batter*|coin cell|magnet|magnets", // swallowed
      "batter*|button batter*|magnet|magnets ~6 swallowed", // other order
    ],
  },
  {
    id: "child_red_features",
    label: "a child who is floppy, hard to wake, dehydrated or struggling to breathe",
    category: "child",
    level: "emergency",
    basis: "NICE traffic-light system (red): no response to social cues, does not wake or stay awake, weak high-pitched or continuous cry, grunting, chest indrawing, reduced skin turgor, mottled or blue skin",
    all: [
      CHILD_OR_BABY,
      [
        "floppy|limp|rag doll|lifeless|no muscle tone", // tone
        "hard to rouse|hard to wake|cannot wake|will not wake|cannot keep @poss awake|cannot keep him awake|cannot keep her awake|not waking|barely awake|not responding to me|not responding normally|unresponsive|glassy eyed|staring blankly|not reacting", // consciousness
        "not responding ~2 properly", // consciousness
        "no wet nappy|no wet nappies|dry nappy|dry nappies|not had a wet nappy|has not had a wet nappy|not weed|not peed|no wee|not passed urine|sunken eyes|sunken fontanelle", // dehydration
        "eyes|soft spot ~3 sunken", // dehydration
        "high pitched cry|high pitched scream*|weak cry|moaning|whimpering", // cry
        "cry ~4 weak|high pitched|strange|never heard", // cry
        "grunting|grunts|nostrils flaring|head bobbing|ribs showing|sucking in|caving in|sinking in", // breathing effort
        "grunt ~3 breath*", // breathing effort
        "skin ~4 between @poss ribs|under @poss ribs ~4 sucking|pulling|going in|caving|sinking", // recession
        "too tired|too breathless|too weak ~3 to talk|to feed|to eat|to drink|to cry", // exhaustion
        "mottled|blue|bluish|grey|gray|ashen|blotchy and cold", // colour
        "stiff neck|bulging fontanelle", // meningism
        "bulging ~3 soft spot", // meningism
        "soft spot ~3 bulging|bulges", // meningism
      ],
    ],
    except: ["blue ~2 inhaler", "blue ~2 eyes", "blue ~2 jumper", "blue ~2 toy", "feeling blue"],
  },
  {
    id: "child_head_injury",
    label: "a child's head injury with vomiting, drowsiness or a fit",
    category: "child",
    level: "emergency",
    basis: "NICE head injury: vomiting, drowsiness, loss of consciousness, seizure or a large swelling in a child under one need assessment now",
    all: [
      [
        ...HEAD_HIT,
        "fell|fallen|rolled|dropped|tumbled ~4 off|from|down ~4 bed|table|changing table|changing mat|sofa|couch|bunk|bunk bed|stairs|chair|high chair|highchair|worktop|counter|trampoline", // a fall from furniture
        "lump|bump|egg ~4 @poss head|forehead", // a lump on the head
      ],
      [
        ...VOMITING, // vomiting
        "drowsy|sleepy|cannot stay awake|hard to wake|will not wake|unconscious|knocked out|passed out|blacked out", // conscious level
        "cannot keep ~3 awake", // conscious level
        "fit|fitting|seizure|convuls*", // seizure
        "squishy|boggy|soft ~3 lump|swelling", // boggy swelling
        "not acting normal*|not himself|not herself|confus*|dazed|staring", // behaviour
      ],
    ],
  },
];

export const INFANT_PRESENTATIONS: Presentation[] = [
  {
    id: "infant_fever",
    label: "fever in a baby under 3 months",
    category: "infant",
    level: "emergency",
    basis: "NICE fever in under 5s: any baby under 3 months with a temperature of 38 °C or more is high risk (red)",
    all: [INFANT, FEVER],
    except: ["fever ~3 after ~2 jab*|vaccin*|immunisation*|immunization*"],
  },
  {
    id: "newborn_jaundice_or_feeding",
    label: "a newborn who is yellow and sleepy, or not feeding",
    category: "infant",
    level: "emergency",
    basis: "NICE neonatal jaundice: jaundice in the first 24 hours, or with a baby too sleepy to feed, needs urgent assessment; not feeding is a NICE red feature",
    all: [
      INFANT,
      [
        "not waking for feeds|will not feed|not feeding|refusing to feed|not fed|not interested in feeding|stopped feeding|too sleepy to feed", // feeding
        "not waking ~3 feed*", // feeding
        "does not want to|will not|not ~2 feed|drink|eat|take ~3 milk|feed*|bottle|breast", // feeding
        "refusing ~3 milk|bottle|breast", // feeding
        "refusing ~3 feeds", // feeding
        "yellow ~4 sleepy|floppy|not feeding|first day|within a day", // jaundice
        "yellow ~6 whites of ~2 eyes", // jaundice
      ],
    ],
  },
  {
    id: "infant_apnoea_or_floppy",
    label: "a baby who stops breathing, turns blue or goes floppy",
    category: "infant",
    level: "emergency",
    basis: "NHS: call 999 if a baby stops breathing, turns blue, or is floppy and unresponsive",
    all: [
      [...INFANT, "baby|infant|newborn"],
      [
        "pauses ~4 breathing|breath*", // apnoea
        "stops breathing|stopped breathing|stop breathing|not breathing", // apnoea
        "went|goes|turned|turning|going|gone ~2 blue|grey|dusky|purple", // cyanosis
        "blue ~3 round|around ~2 lips|mouth", // cyanosis
        "floppy|limp|rag doll|lifeless|unresponsive|not responding|will not wake|cannot wake", // tone and response
        "grunting|grunt*", // grunting
      ],
    ],
  },
  {
    id: "infant_fontanelle_cry",
    label: "a baby with a bulging soft spot or a high-pitched cry",
    category: "infant",
    level: "emergency",
    basis: "NICE red features: bulging fontanelle; weak, high-pitched or continuous cry",
    any: [
      "soft spot|fontanelle|fontanel ~4 bulging|bulges|bulge|swollen|raised|tense", // bulging
      "bulging ~3 soft spot|fontanelle|fontanel", // bulging
      "high pitched ~3 cry|crying|scream*|wail*", // cry
    ],
  },
  {
    id: "infant_bilious_vomit",
    label: "a baby vomiting green bile or passing redcurrant-jelly stools",
    category: "infant",
    level: "emergency",
    basis: "NHS / NICE: green (bilious) vomiting in a baby, or blood and mucus in the nappy with drawing up of the legs (intussusception), is an emergency",
    any: [
      "redcurrant jelly|red currant jelly|currant jelly", // intussusception
      "vomit*|sick|projectile ~4 green|bile|bilious", // bilious vomiting (green vomit needs A&E at any age)
      "blood and mucus|mucus and blood ~4 nappy|poo|stool*", // intussusception
    ],
  },
];
