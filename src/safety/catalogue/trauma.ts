/** Injuries: high-energy mechanisms, spinal injury, penetrating wounds, open fractures, amputations, head injury, burns. */
import type { Presentation } from "./types.ts";
import { CONFUSED, DROWSY, HEAD_HIT, VOMITING } from "./concepts.ts";

/** Mechanisms that carry a high risk of serious injury (ATLS / NICE major trauma triage). */
const HIGH_ENERGY = [
  "hit|knocked down|knocked over|run over|struck ~3 by a car|by a bus|by a lorry|by a truck|by a van|by a train|by a motorbike", // pedestrian struck
  "car|motorbike|motorcycle|bike|road|motorway|head on|traffic ~2 crash|accident|collision|smash|pile up", // road traffic collision
  "crashed ~3 car|bike|motorbike|into", // road traffic collision
  "thrown ~3 from|off|out of", // ejection
  "fell|fallen|fall ~4 off|from ~4 ladder|roof|scaffold*|balcony|window|height|cliff|horse|tree|wall|stairs", // falls from height
  "fell ~4 # metres|# meters|# feet|# ft|# floors|# storeys|# stories", // falls from height
];

export const TRAUMA: Presentation[] = [
  {
    id: "spinal_injury",
    label: "possible spinal injury (cannot feel or move limbs after an injury)",
    category: "trauma",
    level: "emergency",
    basis: "NHS / NICE spinal injury: after a fall or crash, neck or back pain with numbness, tingling or weakness in the limbs — do not move them, call 999",
    all: [
      [...HIGH_ENERGY, "prang|pranged|shunt|shunted|rear ended|fender bender", "dived|diving|landed on @poss back|landed on @poss neck|landed on @poss head|fell|fall|accident|crash|tackle*|rugby|trampoline"],
      [
        "cannot feel|no feeling in|lost feeling in|numb*|tingl*|pins and needles ~4 legs|arms|both|feet|hands|body|below", // sensory
        "cannot move ~4 legs|arms|feet|hands|body|anything", // motor
        "legs|arms|hands|feet ~3 tingl*|numb*|weak|pins and needles|no feeling|gone dead", // the limbs first
        "neck ~3 hurts|hurting|pain|agony|stiff|painful|sore", // neck pain after a mechanism
        "back ~3 broken|snapped", // named
      ],
    ],
  },
  {
    id: "high_energy_mechanism",
    label: "struck by a vehicle or a fall from a height",
    category: "trauma",
    level: "emergency",
    basis: "NICE / ATLS major trauma triage: a pedestrian or cyclist struck by a vehicle, ejection, or a fall from more than about 3 metres is major trauma until proven otherwise",
    any: [
      "run over|knocked down|knocked over|mown down ~3 by a car|by a bus|by a lorry|by a truck|by a van|by a train|by a motorbike|by a tractor", // pedestrian struck
      "hit|struck ~2 by a car|by a bus|by a lorry|by a truck|by a van|by a train|by a motorbike|by a tractor", // pedestrian struck
      "run over", // pedestrian struck
      "car|bus|lorry|truck|van|train|motorbike|tractor ~2 hit|struck|knocked|ran over ~3 @person|him|her|my|me", // "a car hit my husband"
      "thrown|flew ~3 from|off|out of|through ~4 car|bike|motorbike|windscreen|windshield", // ejection
      "fell|fallen|fall|jumped|came off ~4 off|from|out of|through ~4 roof|balcony|scaffold*|cliff|window|bridge|building|second floor|third floor|first floor|upstairs window|loft hatch|skylight", // fall from height
      "fell|fallen|fall ~6 3 metres|4 metres|5 metres|6 metres|##_metres|3 meters|4 meters|5 meters|6 meters|##_meters|10 feet|##_feet|##_ft|# floors|# storeys|# stories", // a measured height
    ],
    except: ["phone|tile|tiles|slate|ball|toy|glass|plate|book|cup|keys|it|snow|branch|pot|plant|bag|hat|frisbee|kite|drone ~2 fell|fallen"],
  },
  {
    id: "major_trauma",
    label: "serious injury from a high-energy accident",
    category: "trauma",
    level: "emergency",
    basis: "ATLS / NICE major trauma: a high-energy mechanism with pain, bleeding, breathing trouble or reduced consciousness; MTS 'high-energy transfer'",
    all: [
      HIGH_ENERGY,
      [
        ...DROWSY, ...CONFUSED,
        "belly|stomach|tummy|abdomen ~3 swelling|swollen|hard|rigid|hurts|pain", // abdominal injury
        "cannot breathe|struggling to breathe|breathless|coughing blood", // chest injury
        "bleeding|blood|pale|grey|sweaty|thirsty", // bleeding
        "cannot move|cannot get up|cannot walk|screaming|hurts everywhere|in agony|bone|broken|deformed|trapped|pinned", // injuries
        "unconscious|knocked out|not moving|not responding|in and out", // consciousness
        "crying|says it hurts|keeps saying it hurts|in pain", // pain
      ],
    ],
  },
  {
    id: "penetrating_injury",
    label: "stab or gunshot wound, or something stuck in the body",
    category: "trauma",
    level: "emergency",
    basis: "NHS: any stab or gunshot wound to the body needs 999; leave an impaled object in place",
    any: [
      "stabbed|been stabbed|got stabbed|knifed|was stabbed|has been stabbed", // stabbed
      "been shot|got shot|was shot|were shot|is shot|gunshot|shot wound|bullet wound|shot in the|shot him|shot her|shot me|shot by|shot at close|shot with", // shot (not "the next shot" of a vaccine)
      "impaled|stuck in @poss chest|stuck in @poss belly|stuck in @poss stomach|stuck in @poss neck|sticking out of @poss chest|sticking out of @poss belly|sticking out of @poss stomach", // impaled
      "knife|blade|glass|metal|rod|pole ~4 in @poss chest|in @poss stomach|in @poss belly|in @poss neck|in @poss back|gone into|went into|through @poss", // impaled
    ],
    except: [
      "stabbed me in the back|stabbed in the back by|stabbing pain|stabbing pains", // figurative and pain words
      "shot of|shots|flu shot|booster shot|vaccine shot|b12 shot|shot a video|shot a photo|shot the|photo shoot|shot at the|shot glass|shot ~2 hoops|pool|goal", // other shots
    ],
  },
  {
    id: "open_fracture_or_amputation",
    label: "bone through the skin, or a body part cut off",
    category: "trauma",
    level: "emergency",
    basis: "NHS / ATLS: open fractures and amputations need 999 (keep the part cool and dry)",
    any: [
      "bone ~4 sticking out|poking out|coming out|through the skin|through @poss skin|showing|see the bone|poking through|sticking through|coming through|pushing through", // open fracture
      "can see ~2 bone|can see the bone", // open fracture
      "finger|fingers|thumb|toe|toes|hand|arm|foot|leg|ear|nose ~4 cut off|chopped off|hanging off|sliced off|severed|came off|ripped off|torn off|amputat*", // amputation
      "hanging off", // partial amputation
    ],
  },
  {
    id: "head_injury_danger",
    label: "head injury with drowsiness, vomiting, confusion or a fit",
    category: "trauma",
    level: "emergency",
    basis: "NICE head injury: loss of consciousness, vomiting, drowsiness, confusion, seizure, clear fluid or blood from ears or nose, or a worsening headache need assessment now",
    all: [
      HEAD_HIT,
      [
        ...VOMITING, ...DROWSY, ...CONFUSED,
        "knocked out|passed out|blacked out|lost consciousness|unconscious|out cold|out for", // consciousness
        "fit|fitting|seizure|convuls*", // seizure
        "cannot remember|does not remember|forgot what happened|keeps asking the same", // amnesia
        "memory ~3 gone", // amnesia
        "repeating ~2 questions", // amnesia
        "clear fluid", // base of skull
        "blood ~3 from @poss ear|out of @poss ear|from @poss nose", // base of skull
        "headache ~4 worse|getting worse|worse and worse|worsening|terrible|severe", // worsening headache
        "pupils ~3 different|unequal|odd|one big", // pupils
        "blurred vision|double vision|seeing double", // vision
        "weak|weakness|numb ~3 arm|leg|one side", // focal deficit
      ],
    ],
  },
  {
    id: "severe_burn",
    label: "severe or extensive burn",
    category: "trauma",
    level: "emergency",
    basis: "NHS burns: call 999 for large or deep burns, burns to the face, hands, feet, genitals or airway, and chemical or electrical burns; MTS 'burn > 10 %'",
    any: [
      "severe|large|bad|deep|serious|huge|massive|big ~2 burn|burns|scald|scalds", // named
      "burnt|burned|burns|scald*|boiling|hot oil|hot fat|fire ~6 face|chest|whole arm|both arms|both legs|whole leg|back|airway|mouth|throat|eyes|genitals|groin|large area|most of", // sites
      "skin ~4 peeling off|coming off|hanging off|in sheets|charred|white and leathery|leathery|black|melted", // full thickness
      "whole pan|whole kettle|pan of boiling|kettle of boiling|boiling water|hot oil|chip pan ~6 down|over|all over|across", // mechanism
      "chemical burn|acid burn|acid attack|electrical burn", // special burns
      "clothes ~3 caught fire|on fire|melted", // fire
    ],
    except: ["sunburn*|small burn|tiny burn|minor burn|chilli|chili|heartburn|razor burn|carpet burn", "burn*|burnt ~3 tongue|finger|fingertip|hand on"],
  },
  {
    id: "chest_injury_breathing",
    label: "a blow to the chest or ribs with breathlessness or coughing blood",
    category: "trauma",
    level: "emergency",
    basis: "NHS rib and chest injuries: go to A&E or call 999 after a chest injury with breathlessness that is getting worse, fast breathing or coughing up blood (a collapsed lung, bleeding into the chest)",
    all: [
      [
        "kicked|hit|struck|punched|stamped|crushed|trampled|tackled|landed|fell|fall|thrown|knocked ~5 chest|ribs|rib|side", // the blow
        "hit|blow|knock|kick|bang|whack ~3 to the ~2 chest|ribs", // "a hit to the ribs"
        "chest|rib|ribs ~3 injury|injured|hit|kicked|crushed|broken|cracked|fractured", // the injury named
      ],
      [
        "more breathless|more and more breathless|getting breathless|breathless|short of breath|out of breath|struggling to breathe|cannot breathe|cannot get @poss breath|hard to breathe|difficult to breathe", // breathlessness
        "breathing ~3 fast|quick|quickly|rapid|rapidly|shallow", // fast breathing
        "cough*|spitting|bringing up ~3 blood", // coughing blood
      ],
    ],
    except: ["after ~4 running|run|exercise|gym|stairs|workout"],
  },
];
