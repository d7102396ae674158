/** Pregnancy and after birth: bleeding, ectopic pregnancy, pre-eclampsia, cord prolapse, birth under way, postpartum haemorrhage. */
import type { Presentation } from "./types.ts";
import { PREGNANT, SHOCK } from "./concepts.ts";

/** "# weeks" that is an age, a time ago or a duration, not a gestation. */
export const NOT_GESTATION = ["# weeks|# wks ~2 old|ago|later|after birth|after delivery|of age|postpartum|since birth", "(for|past|last|over) # (weeks|wks)"];

const POSTPARTUM = [
  "had ~2 baby ~4 days ago|weeks ago|last week|yesterday|this week", // "had my baby 5 days ago"
  "gave birth|given birth|just delivered|postpartum|post partum|since giving birth|since the birth", // named
  "(after|since) [@poss] (c_section|caesarean|cesarean|section|delivery|birth)", // after the birth
  "after ~2 birth", // named
];

export const PREGNANCY: Presentation[] = [
  {
    id: "pregnancy_bleeding",
    label: "bleeding in pregnancy",
    category: "pregnancy",
    level: "emergency",
    basis: "NHS / RCOG: heavy bleeding, or bleeding with pain, in pregnancy needs the maternity unit or A&E now",
    all: [
      [...PREGNANT, "# weeks|# wks"],
      [
        "bleed*|blood ~6 heavy|heavily|bright red|soaking|soaked|clots|gushing|pouring|lots|a lot|pad", // heavy
        "heavy|heavily|a lot of|lots of|bright red ~2 bleed*|blood", // heavy, said first
        "bleed*|blood ~8 pain|cramp*|agony", // with pain
        "soaking ~3 pad*|towel*", // soaking
        "pain|cramp* ~8 bleed*|blood", // pain then bleeding
        "gush* ~8 blood|bleed*", // a gush with blood
        "blood ~6 gush*", // a gush of blood
      ],
    ],
    except: ["no bleeding|not bleeding|without bleeding|light spotting|bit of spotting", "spotting ~3 light", ...NOT_GESTATION],
  },
  {
    id: "ectopic_pregnancy",
    label: "pain on one side or shoulder-tip pain in early pregnancy",
    category: "pregnancy",
    level: "emergency",
    basis: "NHS ectopic pregnancy: sudden sharp pain on one side, shoulder-tip pain, fainting or feeling faint — go to A&E",
    all: [
      [...PREGNANT, "period ~3 late|missed|overdue", "positive test|positive pregnancy test"],
      [
        "shoulder tip|tip of @poss shoulder", // shoulder-tip pain
        "shoulder ~2 pain", // shoulder-tip pain
        "shoulder ~3 hurts|hurting|aches|aching|pain", // shoulder pain
        "pain ~6 left lower|right lower|lower left|lower right|left side|right side", // one-sided pain
        "sharp|stabbing|severe|sudden|really bad ~4 pain ~6 one side|right side|left side|low down|lower tummy|lower belly|side", // one-sided pain
        "pain ~4 one side|right side|left side|low down on one side", // one-sided pain
        "faint*|passed out|collapsed|dizzy|lightheaded", // syncope
      ],
    ],
    except: NOT_GESTATION,
  },
  {
    id: "pre_eclampsia",
    label: "pregnancy with a severe headache, vision problems or sudden swelling",
    category: "pregnancy",
    level: "emergency",
    basis: "NHS pre-eclampsia: severe headache, vision problems (flashing lights, blurring), pain below the ribs or sudden swelling of face, hands or feet — call the maternity unit or 999 now",
    all: [
      PREGNANT,
      [
        "flashing lights|flashes|seeing stars|seeing spots|blurred vision|blurry vision", // visual
        "vision ~3 blurred|blurry|funny|weird|spots|sparkles|zig zags", // visual
        "bad|severe|terrible|awful|splitting|worst ~2 headache ~8 will not go|not going|paracetamol|does not touch|all day|not shifting", // severe headache not relieved
        "face|hands|feet|ankles|legs ~6 swollen|swelling|swelled|puffy ~4 sudden*|up suddenly|overnight|really bad", // sudden swelling
        "sudden* ~4 swell*|swollen|puffy", // sudden swelling
        "pain ~3 below|under @poss ribs|top of @poss tummy|upper right", // epigastric pain
        "fit|fitting|seizure|convuls*", // eclampsia
      ],
    ],
    except: NOT_GESTATION,
  },
  {
    id: "obstetric_emergency",
    label: "birth under way, the cord showing, or waters with bleeding",
    category: "pregnancy",
    level: "emergency",
    basis: "NHS / RCOG: a prolapsed cord, a baby being born outside hospital, or fits in pregnancy need 999",
    any: [
      "cord ~4 see|showing|hanging|coming out|came out|out first|prolapse*", // cord prolapse
      "(see|feel|seen|felt) ~2 cord", // cord prolapse
      "hanging out|coming out|sticking out|hanging down|poking out ~8 cord", // "something hanging out, I think it's the cord"
      "waters ~8 something ~3 hanging|coming out|sticking out|poking out", // after the waters, something coming down (a cord or a limb)
      "baby ~3 coming now|is coming|crowning|head is out|head coming out|being born", // birth under way
      "can see ~2 head", // birth under way
      "crowning", // birth under way
      "need to push|urge to push ~6 ambulance|car|home|toilet|now", // birth under way
      "giving birth ~3 now|at home|in the car|on the floor", // birth under way
    ],
  },
  {
    id: "preterm_labour_or_no_movements",
    label: "waters breaking or labour before 37 weeks, waters that are not clear, or no movements at all",
    category: "pregnancy",
    level: "emergency",
    basis: "NHS / RCOG: waters breaking or contractions before 37 weeks, green or brown waters (meconium), or a baby that has stopped moving need the maternity unit now",
    all: [
      PREGNANT,
      [
        "(2#|30|31|32|33|34|35|36) weeks|(2#|30|31|32|33|34|35|36) wks ~8 waters ~3 broke|broken|gone|went|leaking", // waters breaking before 37 weeks
        "(2#|30|31|32|33|34|35|36) weeks|(2#|30|31|32|33|34|35|36) wks ~8 contractions ~4 every|minutes apart|regular", // labour before 37 weeks
        "waters ~12 green|brown|meconium|smelly|bloody", // waters that are not clear
        "baby|she|he ~3 (has_not|not|never) moved at all|never move at all|stopped moving|not moving at all|not moved all day|not moved today", // no movements at all
        "no movement*|no kicks ~3 at all|all day|today|since", // no movements at all
        "cannot feel ~3 baby|him|her ~2 move|moving|kick* ~3 at all|all day|today", // no movements at all
      ],
    ],
    except: NOT_GESTATION,
  },
  {
    id: "pregnancy_seizure",
    label: "a seizure in pregnancy",
    category: "pregnancy",
    level: "emergency",
    basis: "NHS eclampsia: a fit in pregnancy or just after birth needs 999",
    all: [[...PREGNANT, ...POSTPARTUM], ["fit|fits|fitting|seizure|seized|convuls*"]],
    except: NOT_GESTATION,
  },
  {
    id: "postpartum_haemorrhage",
    label: "heavy bleeding or collapse after giving birth",
    category: "pregnancy",
    level: "emergency",
    basis: "NHS postpartum haemorrhage: soaking a pad an hour, large clots, dizziness or a fast heartbeat after birth — call 999",
    all: [
      POSTPARTUM,
      [
        ...SHOCK,
        "soaking|soaked|filling|going through ~4 pad|pads|maxi pad|towel|sheets", // heavy bleeding
        "big|huge|large|massive|golf ball|fist sized ~2 clots", // clots
        "bleeding ~4 heavy|heavily|a lot|loads|more and more|getting heavier", // heavy
        "dizzy|faint*|racing heart|heart racing", // shock
        "chest pain|breathless|short of breath|cannot breathe|coughing blood", // embolism
      ],
    ],
  },
];
