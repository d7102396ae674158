/** Gut and abdomen (with the testes): bleeding from the gut, acute abdomen, aneurysm, torsion. */
import type { Presentation } from "./types.ts";
import { FEVER, SHOCK, VOMITING } from "./concepts.ts";

const BELLY_PAIN = [
  "stomach|tummy|belly|abdomen|abdominal|gut ~4 pain*|hurt*|agony|ache|cramp*|killing", // belly pain
  "pain* ~4 stomach|tummy|belly|abdomen|side|groin", // pain in …
  "appendix|appendicitis", // named
  "bellyache|belly ache|tummy ache|stomach ache|stomachache", // one word
  "pain* ~3 low on the right|lower right|bottom right|right side of @poss belly|right side of @poss tummy", // where the appendix is
];

export const ABDOMINAL: Presentation[] = [
  {
    id: "vomiting_blood",
    label: "vomiting blood or what looks like coffee grounds",
    category: "abdominal",
    level: "emergency",
    basis: "MTS 'vomiting blood'; NHS: go to A&E or call 999 if you are vomiting blood or coffee-ground material",
    any: [
      "vomit*|throwing up|threw up|throw up|being sick|been sick|was sick|sick up|bringing up|brought up|puking|puked ~6 blood|bloody|coffee grounds|coffee ground", // vomiting blood
      "blood ~4 in @poss sick|in @poss vomit", // blood in the vomit
      "coffee grounds ~4 vomit|sick", // coffee grounds
    ],
  },
  {
    id: "gi_bleed_shock",
    label: "bleeding from the gut with dizziness or fainting",
    category: "abdominal",
    level: "emergency",
    basis: "MTS 'shock' with rectal bleeding or black stool (melaena); NHS: black tarry poo with dizziness needs A&E",
    all: [
      [
        "black|tarry|tar like|like tar ~4 poo|poos|stool*|poop|bowel movement*|motions|diarrh*", // melaena
        "poo|poos|stool*|poop|motions ~4 black|tarry|like tar", // melaena, word order
        "pooed|pooing|pooped|pooping|passed|went to the toilet ~5 black|tarry|tar", // melaena, told as the act
        "black ~3 sticky|tar|treacle|tarmac|tarry", // "black sticky tar"
        "passed ~4 black|tarry|lots of blood|a lot of blood|clots", // passed from below
        "blood ~4 from @poss back passage|from @poss bum|from @poss bottom|from @poss rectum|in @poss poo|in the toilet|in the bowl", // rectal bleeding
        "toilet|bowl|pan ~4 full of blood|filled with blood|red with blood", // quantity
      ],
      [...SHOCK, "faint*|dizzy|light headed|lightheaded|shaky|weak|pale|grey|sweaty|passing out|pass out", "lots|full|loads|a lot|pouring|keeps coming"],
    ],
  },
  {
    id: "acute_abdomen",
    label: "severe abdominal pain with a rigid belly or fainting",
    category: "abdominal",
    level: "emergency",
    basis: "MTS 'severe pain' with shock; a board-like rigid abdomen (peritonitis)",
    all: [
      BELLY_PAIN,
      [
        ...SHOCK,
        "rock hard|rigid|hard as a board|board like|like a board|hard as a rock|like a rock|rock solid|hard like wood|hard as wood|like wood|hard like a board|hard like a rock|solid|very swollen|swollen and hard", // peritonism
        "fainted|nearly fainted|almost fainted|passed out|collapsed|came over faint|come over faint|went faint|felt faint", // syncope
        "agony|agonis*|agoniz*|excruciating|unbearable|worst pain|screaming|cannot move|cannot stand up straight|doubled over", // severity
      ],
      ["rock hard|rigid|hard as a board|board like|like a board|hard as a rock|like a rock|rock solid|hard like wood|hard as wood|like wood|hard like a board|hard like a rock|fainted|nearly fainted|almost fainted|passed out|collapsed|came over faint|come over faint|went faint|blood pressure|bp|grey|sweating|sweaty|clammy|vomit* blood"],
    ],
  },
  {
    id: "acute_abdomen_fever",
    label: "severe abdominal pain with a fever",
    category: "abdominal",
    level: "emergency",
    basis: "NHS stomach ache / appendicitis: severe or worsening tummy pain with a high temperature needs A&E or 999 (peritonitis, a burst appendix)",
    all: [
      BELLY_PAIN,
      [
        "agony|agonis*|agoniz*|excruciating|unbearable|worst pain|severe pain|screaming|cannot move|cannot stand up straight|cannot straighten|cannot walk straight|cannot walk properly|doubled over|10 out of 10", // severity
        "hurts|painful|agony ~2 to walk|to move|to cough|when i walk|when i move|when i cough", // peritonism: pain on moving
        "belly button|navel|middle ~8 moved|moving|spread|spreading|went ~4 right|lower right|bottom right", // appendicitis: the pain moves to the right
      ],
      FEVER, // fever
    ],
  },
  {
    id: "strangulated_hernia",
    label: "a hernia that is stuck, hard or very painful, or with vomiting",
    category: "abdominal",
    level: "emergency",
    basis: "NHS hernia: go to A&E if a hernia suddenly hurts a lot, cannot be pushed back in, turns firm or tender, or comes with vomiting or no poo or wind (strangulation or obstruction)",
    all: [
      ["hernia|hernias"],
      [
        "stuck|will not go back|would not go back|not going back|not popping back|will not pop back|hard|firm|tender|dark|purple|black", // cannot be reduced, or dying tissue
        "cannot push ~3 back", // cannot be reduced
        ...VOMITING, "not pooed|not pooped|not passed wind|not farted", // obstruction
      ],
      [
        "stuck|will not go back|would not go back|not going back|not popping back|will not pop back", // cannot be reduced
        "cannot push ~3 back", // cannot be reduced
        "agony|agonis*|agoniz*|severe|really painful|very painful|excruciating|killing", // badly painful
        "sudden* ~3 pain*", // sudden pain
        ...VOMITING,
      ],
    ],
  },
  {
    id: "aortic_aneurysm",
    label: "sudden severe belly or back pain with collapse (possible aneurysm)",
    category: "abdominal",
    level: "emergency",
    basis: "NHS abdominal aortic aneurysm: sudden severe pain in the tummy or back with fainting, sweating or a fast heartbeat; call 999",
    all: [
      ["stomach|tummy|belly|abdominal ~4 pain*|agony ~6 back|through to @poss back|into @poss back|going to @poss back", "sudden ~4 tummy|stomach|belly|back ~2 pain*", "pain*|agony ~4 stomach|tummy|belly|abdomen ~6 through to @poss back|into @poss back|going to @poss back|to @poss back"],
      [...SHOCK, "sweat*|blood pressure|bp|faint*|collapsed|dizzy|grey|gray|ashen|bad colour|terrible colour|awful colour|funny colour"],
    ],
  },
  {
    id: "testicular_torsion",
    label: "sudden severe pain in a testicle",
    category: "abdominal",
    level: "emergency",
    basis: "NHS testicular torsion: sudden severe testicle pain is an emergency (go to A&E now)",
    all: [
      ["testic*|testicle*|testes|ball|balls|scrotum|nut sack"],
      ["sudden*|came on|severe|agony|excruciating|really bad|unbearable|swollen|swelling|vomit*|been sick|throwing up|feels sick|higher than the other", "woke ~3 with"],
    ],
  },
  {
    id: "bilious_or_faecal_vomiting",
    label: "vomiting green bile or faeces with a swollen belly",
    category: "abdominal",
    level: "emergency",
    basis: "NHS bowel obstruction: vomiting green bile or faeces with a swollen tummy and no wind or poo needs A&E",
    all: [
      [...VOMITING],
      ["green|bile|bilious|poo|faeces|feces|smells like poo", "not pooed|not pooped|not passed wind|not farted|no wind|not had a poo", "not been to the toilet|constipated ~3 days", "belly|stomach|tummy ~3 swollen|bloated|distended|swelled"],
      ["green|bile|bilious|smells like poo|like poo|faeces|feces", "not pooed|not pooped|not passed wind|not farted|no wind"],
    ],
  },
  {
    id: "acute_urinary_retention",
    label: "suddenly unable to pass urine",
    category: "abdominal",
    level: "emergency",
    basis: "NHS urinary retention: go to A&E if you suddenly cannot pee at all (acute retention, often with a painful swollen lower belly)",
    all: [
      ["cannot|unable to|not able to|could not|tried but cannot ~2 pee|wee|urinate|pass water|pass urine|go for a wee|empty @poss bladder"], // cannot pass urine
      [
        "at all|since yesterday|since last night|all day|for hours|for # hours|nothing comes out|nothing coming out|not a drop", // for hours, not a drop
        "belly|tummy|stomach|bladder|lower abdomen ~4 swollen|full|bursting|distended|agony|painful|pain|hurts|killing", // a distended bladder
      ],
    ],
  },
];
