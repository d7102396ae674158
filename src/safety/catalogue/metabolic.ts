/** Hormones and metabolism: diabetic ketoacidosis, severe hypoglycaemia, adrenal crisis. */
import type { Presentation } from "./types.ts";
import { CONFUSED, DIABETES, DROWSY, VOMITING } from "./concepts.ts";

export const METABOLIC: Presentation[] = [
  {
    id: "dka_signs",
    label: "diabetes with vomiting, deep breathing, drowsiness or very high sugars",
    category: "metabolic",
    level: "emergency",
    basis: "NHS diabetic ketoacidosis: high blood sugar or ketones with vomiting, deep fast breathing, fruity breath or drowsiness — go to A&E",
    all: [
      DIABETES,
      [
        ...VOMITING, ...CONFUSED, ...DROWSY,
        "breathing ~3 deep|deeply|fast|really fast|heavy|hard|weird", // Kussmaul
        "fruity|pear drops|nail polish|acetone|sweet smelling ~3 breath", // ketotic breath
        "breath ~3 smells ~3 fruity|sweet|pear drops|nail polish|acetone", // ketotic breath
        "ketones ~3 high|large|3|4|5|6|#|through the roof|off the chart", // ketones
        "says hi|reads hi|just says hi|hi on the meter", // very high reading
        "meter ~3 hi|high|off the chart", // very high reading
        "sugar*|glucose|reading*|levels ~4 over 3#|above 3#|over 2#|above 2#|off the chart", // very high reading
      ],
    ],
    except: ["hypo ~3 last week|yesterday"],
  },
  {
    id: "dka_new_onset",
    label: "thirst and passing a lot of urine with drowsiness or ketotic breath (possible undiagnosed diabetes)",
    category: "metabolic",
    level: "emergency",
    basis: "NHS / Diabetes UK: DKA is often how type 1 diabetes first shows — thirst and peeing a lot, then vomiting, drowsiness, deep breathing or breath smelling of pear drops; go to A&E",
    all: [
      ["thirsty|thirst|drinking loads|drinking lots|drinking constantly|cannot stop drinking", "weeing|peeing|urinating|wee|pee ~3 constantly|all the time|loads|lots|a lot|every hour|so much|non stop"], // the osmotic symptoms
      [
        "fruity|pear drops|nail polish|acetone|sweet smelling ~3 breath", // ketotic breath
        "breath ~3 smells ~3 fruity|sweet|pear drops|nail polish|acetone", // ketotic breath
        "breathing ~3 deep|deeply|heavy|weird", // Kussmaul breathing
        ...DROWSY, ...CONFUSED, // drowsy or confused
      ],
    ],
  },
  {
    id: "severe_hypo",
    label: "low blood sugar with drowsiness, fitting or unable to swallow",
    category: "metabolic",
    level: "emergency",
    basis: "NHS hypoglycaemia: call 999 if someone with a hypo is drowsy, unconscious, fitting, or cannot swallow sugar safely",
    all: [
      ["hypo|hypos|hypoglyc*|low blood sugar|low sugar*|diabetic|diabetes|insulin", "sugar* ~3 low|dropped|drop|dropping|crashed|lo", "says lo|reads lo|lo on the meter", "sugar*|glucose ~3 1·#|2·#|0·#|1|2"],
      [
        ...DROWSY,
        "cannot swallow|will not swallow|not swallowing|not swallow|unable to swallow", // cannot take sugar
        "cannot talk|cannot speak|not talking properly", // neuroglycopenia
        "cannot get ~3 to swallow|to eat|to drink", // cannot take sugar
        "will not take|would not take|refusing|refuses ~3 sugar*|sugary|juice|sweets|glucose|tea", // cannot take sugar
        "fitting|seizure|fit|convuls*", // fitting
        "slurr*|aggressive|combative|not making sense|confus*|mumbling", // neuroglycopenia
        "will not wake|would not wake|cannot wake|will not wake up properly|not waking", // unrousable
        "will not answer|would not answer|not answering|does not answer|not responding|unresponsive|staring|vacant|glazed", // no response
        "cannot think straight|not thinking straight|cannot think", // neuroglycopenia
        "(had|took|ate|given|gave) ~6 still ~2 low|1·#|2·#|0·#|lo", // still low after sugar was taken (not corrected)
      ],
      ["drowsy|very sleepy|unconscious|unresponsive|passed out|floppy|limp|cannot swallow|will not swallow|unable to swallow|fitting|seizure|fit|convuls*|will not wake|would not wake|cannot wake|not waking|mumbling|barely|slurr*|not swallow|cannot talk|cannot speak|will not take|would not take|refusing|not making any sense|not making sense|will not answer|would not answer|not answering|does not answer|not responding|unresponsive|staring|vacant|glazed|cannot think straight|not thinking straight|cannot think", "cannot get ~3 to swallow", "(had|took|ate|given|gave) ~6 still ~2 low|1·#|2·#|0·#|lo"],
    ],
  },
  {
    id: "adrenal_crisis",
    label: "adrenal insufficiency with vomiting or collapse",
    category: "metabolic",
    level: "emergency",
    basis: "Addison's Disease Self-Help Group / NHS: vomiting, collapse or drowsiness in adrenal insufficiency is an adrenal crisis; give the emergency injection and call 999",
    all: [
      ["addison*|adrenal|steroid dependent|on steroids|hydrocortisone|hypopituitar*|cah"],
      [...VOMITING, ...DROWSY, "collapsed|faint*|confus*|emergency injection"],
    ],
  },
];
