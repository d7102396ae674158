/** The environment: heat, cold, water, electricity, lightning, bites, smoke and carbon monoxide. */
import type { Presentation } from "./types.ts";
import { BREATHLESS, CONFUSED, DROWSY } from "./concepts.ts";

export const ENVIRONMENTAL: Presentation[] = [
  {
    id: "heatstroke",
    label: "overheating with confusion, collapse or no sweating (heatstroke)",
    category: "environmental",
    level: "emergency",
    basis: "NHS heatstroke: hot skin that is not sweating, temperature of 40 °C or more, confusion, fitting or unresponsiveness — call 999",
    all: [
      ["heat|hot day|hot weather|heatwave|heat wave|sun|sunshine|hiking|marathon|running|race|festival|sauna|overheat*|hot car|greenhouse|working outside|in the heat|heat exhaustion|heatstroke|heat stroke"],
      [
        ...CONFUSED, ...DROWSY,
        "stopped sweating|not sweating|no longer sweating|dry and hot|hot and dry", // anhidrosis
        "skin ~3 hot and dry|dry and hot", // anhidrosis
        "stumbling|staggering|wobbly|cannot walk straight|collapsed|fainted|fitting|seizure", // neuro
        "40|41|42|40·#|41·#|104|105|106", // core temperature
      ],
    ],
  },
  {
    id: "hypothermia",
    label: "very cold with drowsiness, confusion or shivering that has stopped",
    category: "environmental",
    level: "emergency",
    basis: "NHS hypothermia: call 999 for someone very cold who is drowsy, confused, slurring or has stopped shivering",
    all: [
      [
        "freezing|very cold|ice cold|icy|cold to the touch|hypotherm*|snow|river|sea|lake|outside all night|out all night|frozen", "heating ~3 off",
        "cold like ice|cold as ice", // as said
        "slept|sleep|sleeping ~2 outside|outdoors|rough", // a night out
        "# degree*|minus #|below zero|below freezing|sub zero", // the temperature outside
        "clothes|clothing|coat ~3 wet|soaked|soaking|drenched", // wet through
        "wet|soaked|soaking|drenched ~3 through|clothes|clothing", // wet through
      ],
      [
        ...CONFUSED, ...DROWSY,
        "shivering ~3 stopped", // shivering stopped
        "stopped shivering|not shivering|not shiver|no longer shivering", // shivering stopped
        "slurr*|stiff|barely conscious|barely breathing|very slow", // late signs
      ],
    ],
    except: ["frozen stiff|scared stiff|bored stiff"], // idioms, not rigid muscles
  },
  {
    id: "drowning",
    label: "pulled from water, coughing, breathless or drowsy (drowning)",
    category: "environmental",
    level: "emergency",
    basis: "RLSS / NHS: anyone pulled from water who was unconscious, is coughing persistently, breathless or confused needs 999 (secondary drowning)",
    all: [
      [
        "fell|fallen|slipped|went under|pulled out|dragged out|found ~4 pond|pool|river|lake|sea|canal|bath|water|waves", // immersion
        "nearly drowned|almost drowned|drowning|near drowning|under water for|underwater for|face down in", // named
      ],
      [...BREATHLESS, ...CONFUSED, ...DROWSY, "cough*|vomit*|blue|not breathing|unconscious|cold|floppy"],
    ],
    except: ["drowning in ~4 work|coursework|homework|deadlines|paperwork|emails|debt|bills|assignments|admin|stress"], // figurative
  },
  {
    id: "electric_shock",
    label: "electric shock or lightning strike",
    category: "environmental",
    level: "emergency",
    basis: "NHS electric shock: call 999 after a high-voltage shock or lightning, or if there are burns, an abnormal heartbeat, unconsciousness or confusion",
    any: [
      "electrocuted|electrocution|electric shock ~6 burn*|heart|unconscious|thrown|collapsed|not breathing|confused|fitting", // shock with signs
      "touched|grabbed|hit ~3 live|mains ~2 wire|cable|rail|socket", // contact
      "live wire|live cable|power line|overhead line|high voltage|pylon", // source
      "thrown across the room|thrown back|thrown across the kitchen|thrown across", // the force
      "shock from ~3 toaster|plug|socket|cable|wire|wiring|kettle|appliance|mains|fuse box|fence|cooker ~10 thrown|heart|burn*|unconscious|collapsed|confused|irregular|racing", // a shock from something, with a sign
      "struck by lightning|hit by lightning", // lightning
      "lightning ~6 struck|hit|strike ~8 not moving|on the ground|unconscious|collapsed", // lightning
      "lightning strike", // lightning
    ],
  },
  {
    id: "electrical_injury_signs",
    label: "electric shock with symptoms",
    category: "environmental",
    level: "emergency",
    basis: "NHS electric shock: chest pain, an irregular heartbeat, burns, breathing trouble or confusion after a shock need 999",
    all: [
      ["electric*|electrician|wire|wiring|cable|socket|mains|plug|fuse box|voltage|power line|electric fence|appliance|live"],
      ["shock|shocked|zapped|jolt|current|electrocuted"],
      [...BREATHLESS, ...CONFUSED, ...DROWSY, "chest pain|burn*|burnt|collapsed|thrown|unconscious|fitting|numb*|cannot move", "chest ~3 hurt*", "heart ~3 weird|funny|racing|irregular|skipping|fluttering|pounding"],
    ],
  },
  {
    id: "venomous_bite",
    label: "snake bite or a sting with spreading symptoms",
    category: "environmental",
    level: "emergency",
    basis: "NHS snake bites: call 999 or go to A&E immediately after any snake bite; scorpion or spider bites with spreading symptoms likewise",
    any: [
      "bitten|bit|bite ~6 snake|adder|viper|rattlesnake|cobra|copperhead", // snake
      "snake|adder|viper|rattlesnake|cobra ~4 bit|bitten|bite", // snake, other order
      "scorpion|black widow|funnel web|redback|brown recluse ~6 sting|stung|bit|bite ~6 spreading|swelling|sick|faint|breath*|sweating|cramps", // spiders and scorpions
    ],
    except: ["snake bite ~3 drink|cocktail|piercing|lager"],
  },
  {
    id: "smoke_or_co",
    label: "smoke inhalation or carbon monoxide poisoning",
    category: "environmental",
    level: "emergency",
    basis: "NHS: smoke inhalation with coughing, hoarseness, soot around the nose or mouth, or breathlessness needs 999; carbon monoxide: headaches and sickness in everyone in a house, fainting — get out and call 999",
    all: [
      [
        "fire|smoke|fumes|burning building|house fire|flat fire", // smoke
        "carbon monoxide|co alarm|co detector|gas leak|smell of gas|boiler|gas fire|gas heater|generator|exhaust|barbecue indoors|bbq indoors|charcoal|log burner|wood burner", // CO sources
      ],
      [
        ...BREATHLESS, ...CONFUSED, ...DROWSY,
        "coughing ~3 black|soot|coughing up black", // soot
        "soot ~4 nose|mouth|face", // soot
        "voice ~3 hoarse|croaky|gone|raspy|husky", // airway burn
        "fainted|collapsed|passed out|unconscious", // CO
        "whole family|everyone in the house|all of us|both of us|all # of us|we all|we both ~4 headache*|sick|dizzy", // CO clusters
        "us all|us both|everyone|the whole house|the family|the kids|the children ~3 headache*|sick|dizzy|drowsy|sleepy", // "making us all headachy"
        "headache*|dizzy|sick|drowsy ~6 us all|all of us|everyone|the whole house|the whole family|the kids too|the dog too|the cat too", // the cluster told after the symptom
        "headache*|dizzy|sick|vomit* ~6 worse in the house|better outside|all weekend|all of us|everyone", // CO pattern
      ],
    ],
  },
  {
    id: "diving_or_altitude",
    label: "illness after diving or at altitude",
    category: "environmental",
    level: "emergency",
    basis: "Diving medicine (decompression illness) and mountain medicine (HAPE/HACE): confusion, weakness or breathlessness after a dive or at altitude needs emergency help",
    all: [
      ["dive|diving|dived|scuba|surfaced too fast|surfaced quickly|at altitude|high altitude|altitude sickness|up the mountain|above # metres|above # m"],
      [...CONFUSED, ...BREATHLESS, "joint pain|paralys*|weak*|numb*|cannot walk|staggering|unsteady", "coughing ~3 pink|frothy"],
    ],
  },
];
