/** Infection: sepsis, meningococcal rash, necrotising infection. */
import type { Presentation } from "./types.ts";
import { CONFUSED, FEVER, INFECTION } from "./concepts.ts";

/** The UK Sepsis Trust's red flags, in lay words. */
const SEPSIS_FLAG = [
  ...CONFUSED,
  "slurr*|very drowsy|so drowsy|really drowsy|drowsy|very sleepy|hard to wake|cannot stay awake|barely awake|difficult to rouse|hard to rouse", // drowsy
  "mottled|blotchy|blue|bluish|pale|grey|gray|ashen|discoloured|discolored|cold hands|cold feet|cold to the touch", // skin
  "skin ~3 cold", // skin
  "not peed|not weed|not passed urine|no urine|not urinated|not been to the toilet|have not peed|has not peed|hasn't peed|no wee|not had a wee|not peeing|not weeing|not passing urine|dry nappy|dry nappies", // no urine
  "breathing ~3 fast|very fast|really fast|quickly|rapid*|hard|heavy|heavily", // fast breathing
  "cannot breathe|struggling to breathe|gasping|fighting for breath|breathless at rest|very breathless|really breathless|severely breathless|very short of breath|really short of breath", // severe breathlessness
  "heart ~3 racing|pounding|very fast|really fast|going fast|hammering", // racing heart
  "shaking uncontrollably|shivering uncontrollably|uncontrollable shivering|uncontrollable shaking|extreme shivering|teeth chattering|rigors", // rigors
  "going to die|am dying|is dying|worst i have ever felt|never felt this ill|never felt so ill|feel like death", // doom
  "muscle pain ~3 severe|agony|unbearable|everywhere", // severe muscle pain
  "rash|spots|blotches ~6 do not fade|does not fade|will not fade|not fading|purple", // rash
  "collapsed|fainted|passed out|floppy|limp", // collapse
];

export const INFECTION_PRESENTATIONS: Presentation[] = [
  {
    id: "sepsis_signs",
    label: "infection with signs of sepsis",
    category: "infection",
    level: "emergency",
    basis: "UK Sepsis Trust red flags (slurred speech or confusion, extreme shivering, no urine in a day, severe breathlessness, 'I feel I might die', mottled skin) with a fever or infection",
    all: [INFECTION, SEPSIS_FLAG],
    except: ["flu ~3 jab|vaccine|shot", "tummy bug ~4 not peed"],
  },
  {
    id: "non_blanching_rash",
    label: "rash that does not fade under a glass",
    category: "infection",
    level: "emergency",
    basis: "Meningitis Now / NHS glass test: a rash that does not fade when a glass is pressed on it is an emergency",
    any: [
      "rash|spots|marks|blotches|dots|pinpricks|bruises ~12 do not fade|does not fade|did not fade|will not fade|not fading|do not go away when|does not go away when|glass|tumbler", // the glass test
      "press* ~4 glass|tumbler ~8 rash|spots|marks|still see|do not fade|does not fade|not fading|still there", // the glass test, other order
      "non blanching|nonblanching|does not blanch|do not blanch|not blanching", // named
      "fever|temperature|temp ~12 purple|dark red|purplish ~2 rash|spots|blotches|dots|marks|pinpricks", // fever, then purpura
      "purple|dark red|purplish ~2 rash|spots|blotches|dots|marks|pinpricks ~8 fever|temperature|temp|unwell|poorly|drowsy|floppy", // purpura with fever
    ],
  },
  {
    id: "necrotising_infection",
    label: "fast-spreading infection with severe pain and fever",
    category: "infection",
    level: "emergency",
    basis: "NHS necrotising fasciitis: pain much worse than the wound looks, fast-spreading redness and fever; go to A&E",
    all: [
      [
        "pain ~5 worse than it looks|out of proportion|much worse than|way worse than", // pain out of proportion
        "red|redness|swelling|infection|streak* ~4 spreading fast|spreading quickly|spreading rapidly|spreading up|racing up|moving up|tracking up|going up|creeping up|running up|getting bigger by the hour|growing fast", // spreading
        "red|redness|swelling|infection|streak* ~4 spread|spreading|moved|tracked ~6 really fast|very fast|so fast|quickly|rapidly|in a few hours|in hours|within hours", // spreading, said after
        "skin ~4 going black|turning black|dusky|purple|blistering", // skin changes
        "red|redness|swelling|swollen ~6 all the way up|all up|right up|up to @poss knee|up to @poss elbow|up to @poss groin|up to @poss armpit|up to the knee|up to the elbow", // spread far
      ],
      [...FEVER, "unwell|ill|rough|awful|terrible|shivery|drowsy|confused|faint*|dizzy"],
    ],
  },
  {
    id: "dental_infection_spreading",
    label: "tooth infection spreading to the eye, neck or airway",
    category: "infection",
    level: "emergency",
    basis: "NHS dental abscess: go to A&E if swelling spreads to the eye or neck, or makes it hard to breathe, swallow, speak or open the mouth",
    all: [
      ["tooth|teeth|dental|wisdom tooth|abscess|gum|gums|molar"], // a dental source
      [
        "swell*|swollen|swelled ~6 (up_to|into|round|around|under|to) ~2 @poss eye|eyes|neck|throat", // spread to the eye or neck
        "eye ~3 swollen shut|closed up|swelling shut", // spread to the eye
        "cannot open @poss mouth|can hardly open @poss mouth|barely open @poss mouth|cannot open (his|her|my) jaw|lockjaw", // trismus
        "jaw ~3 locked", // trismus
        "cannot swallow|struggling to swallow|hard to swallow|difficulty swallowing|cannot breathe|hard to breathe|struggling to breathe|drool*", // airway
      ],
    ],
  },
];
