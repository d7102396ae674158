/** Poisoning and overdose: medicines, drugs, alcohol, household chemicals and gases. */
import type { Presentation } from "./types.ts";
import { BREATHLESS, DROWSY, SHOCK, YOUNG_CHILD } from "./concepts.ts";
import { GOT_AT } from "./concept-words.ts";

export const TOXICOLOGY: Presentation[] = [
  {
    id: "overdose",
    label: "overdose or too much of a medicine",
    category: "toxicology",
    level: "emergency",
    basis: "Poison-control / NHS: an overdose needs A&E now even without symptoms (paracetamol harms the liver days later)",
    any: [
      "overdos*|oded|od'd|od'ed", // named ("od" is spelled out by normalize.ts)
      "@swallowed ~3 @many ~4 @med|@pack", // "took about 20 of my co-codamol", "necked a whole pack"
      "@swallowed ~3 @many ~2 of ~3 @med|@pack", // "took a load of my meds"
      "@swallowed ~3 @pack ~3 of ~2 @med", // "downed a packet of paracetamol"
      "@swallowed ~2 @poss whole|@poss entire|@poss full ~3 @med|@pack", // "took my whole prescription"
      "@swallowed ~2 @many ~4 pills|tablets|meds", // "took a handful of pills"
      "@swallowed ~3 too many|way too many|too much|to many ~3 @med", // too many
      "@swallowed ~6 @med ~4 on purpose|deliberately|to die|to sleep forever|to end it", // deliberate
      "triple|quadruple|ten times ~3 dose", // far over the dose
      "took|taken|injected|had|given|gave ~3 @poss insulin|insulin ~2 twice|two times|double", // insulin twice (poison control: a dangerous double dose)
      "too much insulin|double dose of insulin|double insulin", // insulin
      "double ~4 dose ~6 heart|blood pressure|insulin|warfarin|digoxin|lithium|methotrexate|opioid*|morphine|oxycodone", // double dose of a dangerous medicine
      "heart tablets|heart pills|heart medicine|digoxin|lithium|methotrexate|warfarin ~3 twice|two times|two lots|double ~10 sick|dizzy|faint*|yellow|slow|vomit*|confus*", // a dangerous medicine twice, with symptoms
      "@swallowed ~4 the lot|all of them|all of it|everything in the cabinet|everything in the cupboard", // the lot
      "@med ~4 @swallowed ~3 @many|the lot|all of them|too many", // "paracetamol, took the lot"
      "double|triple|extra|several|multiple ~2 doses|dose ~6 @med ~6 faint*|dizzy|drowsy|vomit*|sick|collapsed", // extra doses with symptoms
    ],
    except: [
      "overdosed on ~3 netflix|tv|telly|sugar|caffeine|coffee|chocolate|sleep|work|love|films|movies|series|shows|youtube|tiktok|social media|cake|christmas|nostalgia|cuteness", // figurative
      "@swallowed ~3 @many ~2 years|months|weeks|times a day|a day|each day|daily|every day|per day", // regular dosing
      "@swallowed ~3 @many ~3 every|each|for|over ~2 days|hours|hour|minutes", // regular dosing ("every 4 hours", "for 3 days"), not "two hours ago"
      "vitamins|vitamin", // not dangerous in the amounts people write about
      "od ~2 green|colour|color", // other meanings
    ],
  },
  {
    id: "poison_swallowed",
    label: "a poison or household chemical swallowed",
    category: "toxicology",
    level: "emergency",
    basis: "Poison-control: swallowing a household chemical, pesticide, antifreeze, methanol or button battery needs advice or A&E now",
    any: [
      "@swallowed|drank|drunk|swallowed|gulped|sipped|had a sip of|had a mouthful of|mouthful of ~8 @chemical", // swallowed
      "@chemical ~4 @swallowed|by mistake|accidentally", // other order
      "poisoned|been poisoned|poisoning", // named
    ],
    except: [
      "food poisoning|blood poisoning|alcohol poisoning|salmonella poisoning", // not a poison swallowed (alcohol poisoning has its own rule)
      "poisoning ~2 pigeons|rats|mice|slugs|weeds", // pest control
      "poisoned ~2 my relationship|the well|the atmosphere|the mood", // figurative
    ],
  },
  {
    id: "child_got_at_medicine",
    label: "a poison or household chemical swallowed",
    category: "toxicology",
    level: "emergency",
    basis: "Poison-control: a small child found with medicines or chemicals open, chewed or missing is treated as having swallowed them until advised otherwise",
    near: [["@med|@pack|@chemical"], GOT_AT],
    all: [YOUNG_CHILD],
  },
  {
    id: "counted_overdose",
    label: "overdose or too much of a medicine",
    category: "toxicology",
    level: "emergency",
    basis: "TOXBASE / poison control: ten or more tablets counted out ('12 x 500mg') and taken is an overdose, whatever the sentence around it",
    // A sentence or two: "12 x 500mg in grams? That is how many of my mum's tablets I took".
    near: [["## x"], ["took|taken|swallowed|necked|downed"]],
    nearWords: 16,
  },
  {
    id: "toxic_gas",
    label: "breathing in toxic fumes or gas",
    category: "toxicology",
    level: "emergency",
    basis: "NHS: mixing bleach with other cleaners makes chlorine or chloramine gas; breathing trouble after fumes needs 999",
    all: [
      [
        "mixed ~4 bleach|cleaner*|ammonia|chemicals|products|cleaning products|cleaning stuff", // mixed chemicals
        "bleach ~4 mixed|and ammonia|and vinegar", // mixed chemicals
        "bleach and ~3 cleaner*", // mixed chemicals
        "fumes|gas|chlorine|ammonia|smoke|chemical cloud|pool chemicals", // gases
      ],
      [...BREATHLESS, "cough*|tight chest|dizzy|faint*|collapsed|confused", "chest ~3 tight", "burning ~3 throat|lungs|chest|eyes"],
    ],
  },
  {
    id: "opioid_or_sedative_toxicity",
    label: "slow breathing or unresponsive after drugs or alcohol",
    category: "toxicology",
    level: "emergency",
    basis: "NHS / naloxone guidance: unresponsive with slow, snoring or no breathing after opioids, sedatives or alcohol is an overdose; alcohol poisoning with vomiting while unconscious needs 999",
    all: [
      [
        "using|used|shot up|heroin|opiates|opioids|fentanyl|methadone|pills|high|drunk|drinking|drank|vodka|alcohol|spirits|shots|wasted|smashed|party|festival|took something|taken something|had something|spiked|ket|ketamine|ghb|g|xanax|benzos", // context
      ],
      [
        "breathing ~3 slow|slowly|shallow|snoring|gurgling|rattling|funny|weird|stopped", // respiration
        "snoring ~3 cannot wake|will not wake", // respiration
        "pinpoint pupils|tiny pupils", // opioid toxidrome
        "pupils ~3 tiny|pinpoint", // opioid toxidrome
        "lips ~3 blue|going blue|turning blue", // cyanosis
        "@unrousable", // unconscious
        "sick|vomit*|threw up ~6 lying on @poss back|while asleep|while unconscious|passed out|choking on", // aspiration risk
      ],
    ],
  },
  {
    id: "stimulant_toxicity",
    label: "overheating, fitting or chest pain after drugs",
    category: "toxicology",
    level: "emergency",
    basis: "Drug-services / NHS: after stimulants (ecstasy, cocaine, amphetamine) overheating, fitting, confusion or chest pain need 999",
    all: [
      [
        "taken something|took something|had something|took a pill|pills at|taking some pills|took some pills|after taking|mdma|ecstasy|molly|mandy|pingers|cocaine|coke|crack|speed|meth|amphetamine*|bath salts|spice|mephedrone|at a festival|at a rave|at a party|spiked", // the drug or the setting
        "took|taken|dropped|popped|necked|had|done ~2 # pills|two pills|three pills|a few pills|some pills|half a pill|a pill|# tabs|pills|tabs|a line|lines|a bag", // pills counted, lines
        "the festival|a festival|the rave|a rave|clubbing|the club|nightclub", // where stimulants are taken
      ],
      [
        "burning up|overheating|boiling|very hot|really hot|hot to the touch|temperature|temp", // hyperthermia
        "fitting|fit|seizure|convuls*|jerking", // seizure
        "chest pain", // cardiac
        "chest ~3 hurt*", // cardiac
        "heart ~3 racing|pounding|going mad|beating so fast", // cardiac
        "heart|pulse|heart rate|hr ~2 130|140|150|160|170|180|190|200|210|220", // a heart rate read off a watch
        "jaw ~3 locked|locking|clenched and|will not stop", // bruxism with other signs of too much
        "collapsed|unconscious|passed out|not responding|will not wake|confus*|paranoid|hallucinat*|agitated|out of control", // neuro
      ],
    ],
  },
  {
    id: "medicine_toxicity_signs",
    label: "too much of a heart or diabetes medicine with symptoms",
    category: "toxicology",
    level: "emergency",
    basis: "Poison-control: a double dose of heart, blood-pressure or diabetes medicine with slow pulse, fainting or drowsiness needs 999",
    all: [
      ["twice|double|two lots|extra|by mistake|wrong tablets|wrong pills", "someone else ~2 pills|tablets|meds"],
      [
        ...SHOCK, ...DROWSY,
        "pulse ~3 2#|3#|40|slow|very slow|weak", // bradycardia
        "heart ~3 slow|very slow|skipping", // bradycardia
        "faint*|dizzy|collapsed", // syncope
        "everything looks yellow|seeing yellow|yellow vision|looks yellow|yellow tinge|seeing halos|halos round", // digoxin's xanthopsia
        "vision ~3 yellow", // digoxin's xanthopsia
      ],
    ],
    except: ["vitamin*"],
  },
  {
    id: "alcohol_with_medicines",
    label: "alcohol taken with medicines, now drowsy",
    category: "toxicology",
    level: "emergency",
    basis: "Poison-control / NHS: alcohol with sedating medicines (antidepressants, sleeping pills, opioids, benzodiazepines) and drowsiness or worse is an overdose until shown otherwise",
    all: [
      ["drank|drunk|drinking|vodka|wine|whisky|whiskey|gin|rum|spirits|alcohol|beers|cans|bottle of"], // alcohol
      ["@swallowed|took|taken|swallowed|had ~4 @med|pills|tablets|antidepressant*|sleeping pills|sleeping tablets|painkillers|meds"], // medicines on top
      [...DROWSY, "very sleepy|so sleepy|really sleepy|cannot keep ~2 eyes open|barely awake|nodding off|slurr*"], // now drowsy or worse
    ],
  },
];
