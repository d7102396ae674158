/** Anaphylaxis and angioedema. */
import type { Presentation } from "./types.ts";
import { BREATHLESS, SHOCK } from "./concepts.ts";

/** Swelling of the airway: throat, tongue, lips, face. */
const AIRWAY_SWELLING = [
  "throat ~4 closing|closing up|tight|tightening|swelling|swollen|swelled|narrowing|blocked", // throat
  "tongue ~4 swell*|swollen|swelled|blown up|huge|massive|thick|big|too big|puffed|enormous", // tongue
  "lip|lips|face|eyelids|eyes|mouth ~5 swell*|swollen|swelled|puff*|blown up|huge|massive|ballooned|ballooning|fat", // lips, face
  "swell*|swollen|puffing up|puffed up ~3 lip|lips|face|tongue|throat|eyelids|mouth", // swelling of …
  "voice ~4 hoarse|weird|strange|croaky|gone|changed|different|raspy|squeaky", // voice change
  "cannot swallow|struggling to swallow|hard to swallow|difficult to swallow|trouble swallowing|difficulty swallowing", // swallowing
  "can hardly speak|hardly speak|cannot speak|struggling to speak|cannot talk|can hardly talk|hardly talk", // speech through a swollen mouth
];

/** What may have set it off. */
const TRIGGER = [
  "allerg*|anaphyla*|epipen*|epi pen*|adrenaline pen|auto injector|@poss pen", // known allergy
  "ate|eaten|eating|had|bite of|tasted|after ~6 nut|nuts|peanut*|cashew*|almond*|walnut*|sesame|shellfish|prawn*|shrimp|crab|lobster|fish|egg|eggs|milk|satay|pesto|cake", // food
  "nut|nuts|peanut*|sesame|shellfish|prawn*|shrimp|satay", // foods named anyway
  "kiwi|kiwis|mango|mangoes|celery|mustard|lupin|soy|soya|mussel*|squid|scallop*|clams|oysters|pine nut*|pistachio*|hazelnut*|brazil nut*", // other common allergens (the UK's 14 and oral-allergy fruits)
  "stung|sting|stings|bee|bees|wasp*|hornet*", // stings
  "antibiotic*|amoxicillin|penicillin|augmentin|co amoxiclav|cephalexin|ibuprofen|aspirin|new tablet*|new medicine|new medication|new drug|new pill*|contrast|dye|latex|injection|vaccine|jab", // drugs
  "started ~3 tablet*|medication|medicine|antibiotic*|pill*", // a new drug
  "ramipril|lisinopril|enalapril|perindopril|ace inhibitor*|blood pressure tablet*|blood pressure pill*|blood pressure medication*|blood pressure medicine*", // ACE-inhibitor angioedema
  "new ~3 medicine*|medication*|tablet*|pill*|drug*", // a new medicine
];

/** Spread beyond the skin: the signs that make an allergic reaction anaphylaxis. */
const SYSTEMIC = [
  ...BREATHLESS, ...SHOCK,
  "wheez*|tight chest|cough* a lot|coughing lots|coughing loads", // airway
  "chest ~2 tight", // airway
  "faint*|dizzy|collapsed|floppy|limp|pale and floppy|drowsy|confused|sense of doom|going to die", // circulation
  "hives|blotchy|blotches|rash|welts ~3 all over|everywhere|whole body|spreading", // widespread skin
  "covered in hives|covered in a rash|covered in welts|all blotchy|gone blotchy", // widespread skin
  "vomit*|throwing up|stomach cramps", // gut
];

export const ALLERGY: Presentation[] = [
  {
    id: "anaphylaxis",
    label: "signs of anaphylaxis (severe allergic reaction)",
    category: "allergy",
    level: "emergency",
    basis: "Resuscitation Council / NHS anaphylaxis: airway, breathing or circulation problems after a trigger; swelling of the throat or tongue; call 999 and use adrenaline",
    all: [AIRWAY_SWELLING, [...TRIGGER, ...SYSTEMIC]],
  },
  {
    id: "anaphylaxis_systemic",
    label: "allergic reaction affecting breathing or circulation",
    category: "allergy",
    level: "emergency",
    basis: "Resuscitation Council anaphylaxis criteria: sudden breathing or circulation problems after exposure to a likely allergen",
    all: [TRIGGER, [...BREATHLESS, "wheez*", "faint*|dizzy|collapsed|floppy|limp|going to pass out", "hives|blotchy|blotches|rash ~3 all over|everywhere", "all blotchy|gone blotchy|covered in hives"]],
    except: ["cough* a lot|coughing lots", "seasonal allerg*|allergies like|allergic rhinitis|hay fever|dust allerg*|pollen allerg*|triggers like"],
  },
  {
    id: "anaphylaxis_named",
    label: "anaphylaxis or airway swelling",
    category: "allergy",
    level: "emergency",
    basis: "NHS: anaphylaxis is always an emergency; throat or tongue swelling threatens the airway",
    any: [
      "anaphyla*|anaphylactic shock|allergic shock|going into shock", // named
      "used|after using|after giving|gave|given|jabbed|injected|administered ~4 @poss epipen|an epipen|the epipen|epi pen|adrenaline|auto injector|autoinjector|jext|emerade", // adrenaline used: always 999 (Resuscitation Council)
      "epipen|epi pen|adrenaline|auto injector|autoinjector ~3 used|given|injected|administered", // adrenaline used
      "used|jabbed|injected ~3 own ~2 epipen|epi pen|auto injector|autoinjector", // "used her own EpiPen"
      "throat ~3 closing|closing up", // closing throat
      "tongue ~3 blown up|swelling up|swelled up|huge|massive|too big for @poss mouth", // tongue swelling
      "used|given|gave|jabbed ~3 @poss epipen|@poss epi pen|@poss pen|adrenaline|auto injector", // adrenaline already used
    ],
    except: ["bit @poss tongue"],
  },
  {
    id: "angioedema_airway",
    label: "swelling of the mouth or throat affecting swallowing, voice or breathing",
    category: "allergy",
    level: "emergency",
    basis: "Resuscitation Council / NHS angioedema: swelling of the lips, tongue, mouth or throat with trouble swallowing, a changed voice or breathing difficulty threatens the airway, whatever set it off — call 999",
    all: [
      [
        "tongue|lip|lips|mouth|throat|face ~4 swell*|swollen|swelled|puff*|blown up|ballooning|closing|tight", // swelling
        "swell*|swollen|puffing up|puffed up ~3 tongue|lip|lips|mouth|throat", // swelling of …
      ],
      [
        "cannot swallow|struggling to swallow|hard to swallow|difficult to swallow|trouble swallowing|difficulty swallowing|cannot swallow @poss own spit|swallow @poss own spit", // swallowing
        "drool*|dribbling", // cannot swallow saliva
        "voice ~4 hoarse|weird|strange|croaky|gone|changed|different|raspy|muffled|funny", // voice
        ...BREATHLESS, // breathing
      ],
    ],
    except: [
      "bit @poss tongue|bit @poss lip|burnt @poss tongue|burned @poss tongue|mouth ulcer*|cold sore*", // a local cause
      "sore throat ~6 cold|flu|tonsil*", // a sore throat with a cold
    ],
  },
];
