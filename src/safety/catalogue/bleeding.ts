/** Bleeding: severe external bleeding and bleeding in people whose blood does not clot. */
import type { Presentation } from "./types.ts";
import { BLOOD_THINNER, HEAD_HIT, SHOCK } from "./concepts.ts";
import { BLOOD, BLOOD_OTHER_MEANINGS, HEAVY_FLOW, NOT_A_WOUND } from "./concept-words.ts";

export const BLEEDING: Presentation[] = [
  {
    id: "severe_bleeding",
    label: "severe or uncontrolled bleeding",
    category: "bleeding",
    level: "emergency",
    basis: "MTS 'exsanguinating haemorrhage' and 'uncontrollable major haemorrhage'; NHS first aid: call 999 for bleeding that will not stop with pressure",
    any: [
      "bleed*|blood ~10 will not stop|would not stop|does not stop|cannot stop|not stopping|not stopped|despite pressure", // will not stop
      "will not stop|would not stop|not stopping|cannot stop|does not stop|keeps on ~2 bleeding", // "won't stop bleeding"
      "blood ~3 spurting|squirting|pumping|gushing|pouring|pulsing|jetting", // arterial
      "bleed* ~2 heavily|profusely|badly|a lot|loads|like crazy|everywhere|non stop|nonstop|so much|very much", // heavy
      "in spurts|spurts of blood", // arterial
      "blood ~4 in spurts", // arterial, told blood first
      "towel|towels|cloth|clothes|bandage|tea towel ~4 full of blood|covered in blood|soaked with blood|red with blood", // soaked
      "spurting|squirting|pumping|pulsing|gushing|pouring|jetting|spraying ~4 blood|out", // arterial
      "blood|it ~3 is ~2 spurting|squirting|pumping|pulsing|gushing|pouring|everywhere", // arterial
      "blood ~3 rush out|rushing out|rushes out|rushed out|flowing out|still flowing", // pouring out
      "soaked|soaking|soaked through|soaking through|bled through|blood through ~4 towel|towels|tea towel*|bandage*|dressing*|clothes|jeans|shirt|sheets", // soaking
      "pool|puddle ~2 of blood", // quantity
      "blood all over ~3 floor", // quantity
      "blood everywhere|lots of blood|so much blood|loads of blood|a lot of blood", // quantity
      "lost|losing ~2 lot of blood", // blood loss
      "lost so much blood|losing blood fast", // blood loss
      "cut|sliced|severed ~4 artery|wrist|throat|neck ~4 deep|badly|blood", // dangerous site
    ],
    except: [
      "period|periods|nosebleed|nose bleed ~6 will not stop|not stopping", // handled by their own presentations
      "paper cut|papercut|shaving cut|bleeding a bit|bleeding a little|bit of blood|little bit of blood|few drops", // minor bleeding
      "will not stop ~6 crying|coughing|sneezing|vomiting|itching|talking|worrying|thinking|shaking", // other things that will not stop
      "cannot stop ~6 crying|coughing|sneezing|vomiting|itching|talking|worrying|thinking|eating|shaking", // other things that will not stop
      "stopped ~3 now|bleeding|on its own", // it stopped
      ...NOT_A_WOUND,
    ],
  },
  {
    id: "severe_bleeding_described",
    label: "severe or uncontrolled bleeding",
    category: "bleeding",
    level: "emergency",
    basis: "MTS 'uncontrollable major haemorrhage': blood and a sign of severity said together in any order (spurting, soaking, a lot, not stopping)",
    near: [BLOOD, HEAVY_FLOW],
    except: [
      ...NOT_A_WOUND,
      "paper cut|papercut|shaving cut|nosebleed|nose bleed|bleeding a bit|bleeding a little|bit of blood|little bit of blood|few drops|spot of blood|spots of blood|streak*|tinged", // minor or elsewhere
      "stopped ~3 now|bleeding|on its own", // it stopped
    ],
  },
  {
    id: "soaking_pads",
    label: "vaginal bleeding soaking a pad an hour or faster",
    category: "bleeding",
    level: "emergency",
    basis: "NHS heavy bleeding: soaking through a pad or tampon every hour (or faster), or passing large clots with dizziness, needs A&E now",
    any: [
      "soak*|soaked through|bled through|going through|gone through|filled|filling|changing ~3 # pads|pads|a pad|pad|tampon*|towels ~5 an hour|every hour|half an hour|# minutes|each hour", // a pad an hour
      "pad|pads|tampon* ~3 every ~2 hour|half hour|# minutes", // a pad an hour
      "pads ~4 in one hour|in an hour|in half an hour|per hour|each hour", // pads counted in an hour
    ],
  },
  {
    id: "bleeding_with_shock",
    label: "blood loss with fainting or signs of shock",
    category: "bleeding",
    level: "emergency",
    basis: "MTS 'shock' with haemorrhage: bleeding with fainting, pallor, clamminess or a racing heart",
    near: [BLOOD, SHOCK],
    nearWords: 12,
    // Heavy period bleeding with fainting is an emergency too, so periods are not excepted here.
    except: [...BLOOD_OTHER_MEANINGS, "blood test*|needle*|injection*|jab|giving blood|sight of blood|see blood|seeing blood|squeamish"],
  },
  {
    id: "bleeding_on_thinners",
    label: "head injury or heavy bleeding on blood thinners or with a bleeding disorder",
    category: "bleeding",
    level: "emergency",
    basis: "NICE head injury: anyone on anticoagulants or with a clotting disorder who hits their head needs assessment now; NHS: bleeding that will not stop on blood thinners needs A&E",
    all: [
      BLOOD_THINNER,
      [
        ...HEAD_HIT, // head injury
        "cough*|coughed|vomit*|throwing up|threw up|being sick ~4 blood", // internal bleeding
        "blood ~4 in @poss pee|in @poss urine|in @poss poo|from @poss bottom|will not stop|everywhere", // bleeding
        "bleeding|bleed ~4 will not stop|heavily|a lot|badly", // heavy bleeding
        "will not stop|would not stop|not stopping|cannot stop|does not stop ~2 bleeding", // "won't stop bleeding"
        "epistaxis|nosebleed|nose bleed", // a nosebleed on blood thinners
        "nose ~3 bleeding|pouring", // a nosebleed on blood thinners
        "black ~3 poo|stool*", // melaena
        "fell|fall|fallen ~8 headache|vomit*|drowsy|confused|sleepy", // a fall with signs of a bleed in the head
      ],
    ],
  },
];
