/** Same-day (urgent) presentations, checked only when nothing is an emergency. */
import type { Presentation } from "./types.ts";
import { BREATHLESS, CHEST_PAIN, FEVER, HEAD_HIT, PREGNANT } from "./concepts.ts";
import { HOPELESS } from "./mental-health.ts";
import { NOT_GESTATION } from "./pregnancy.ts";

export const URGENT: Presentation[] = [
  { id: "chest_pain", label: "chest pain", category: "cardiovascular", level: "urgent", basis: "MTS 'pleuritic pain' / any new chest pain needs same-day assessment", all: [CHEST_PAIN] },
  { id: "breathing_difficulty", label: "difficulty breathing", category: "respiratory", level: "urgent", basis: "MTS 'shortness of breath'", all: [BREATHLESS], except: ["breathe|breath|breathing ~2 through @poss nose", "nose ~4 blocked|stuffed"] },
  { id: "passive_death_wish", label: "thoughts of not wanting to be alive", category: "mental-health", level: "urgent", basis: "Samaritans / 988: hopelessness and passive wishes to die need a conversation today", any: HOPELESS },
  { id: "seizure", label: "seizure", category: "neurological", level: "urgent", basis: "NHS: a seizure that stopped on its own in someone known to have epilepsy", all: [["fit|fits|fitting|seizure*|seizing|convuls*"]], except: ["seizure ~2 medication|medicine|meds|tablets|drugs|plan|diary", "dog|cat|puppy|kitten|hamster|laptop|computer|phone"] },
  {
    id: "high_fever", label: "high or persistent fever", category: "infection", level: "urgent", basis: "NICE fever: 39 °C or more, or fever for five days",
    any: ["high fever|high temperature", "fever|temperature|temp ~3 39|39·#|40|40·#|41|102|103|104", "fever ~6 for ~2 # days|several days|a few days|five days|days", "fever|temperature|temp ~6 not going down|will not go down|keeps coming back"],
  },
  { id: "pregnancy_concern", label: "pregnancy with worrying symptoms", category: "pregnancy", level: "urgent", basis: "NHS pregnancy: pain, headache, swelling, fever or fewer movements need the maternity unit", all: [PREGNANT, ["pain|cramp*|headache|swelling|not moving|less movement|moving less|fewer movements|stopped moving|not moved|vomit*|fever|bleed*|spotting|waters"]], except: NOT_GESTATION },
  { id: "head_injury", label: "head injury", category: "trauma", level: "urgent", basis: "NICE head injury: any head injury without danger signs still needs assessment if symptoms appear", all: [HEAD_HIT] },
  { id: "dehydration", label: "unable to keep fluids down", category: "abdominal", level: "urgent", basis: "NHS: vomiting with no fluids kept down", any: ["(cannot|unable_to) keep ~2 (anything|fluids|water|liquids|food) down", "vomit* ~6 all day|24 hours|since yesterday|two days|for days"] },
  {
    id: "wound_injury", label: "injury needing urgent care", category: "trauma", level: "urgent", basis: "NHS urgent treatment centre: deep cuts, suspected broken bones",
    any: ["deep|gaping|wide ~2 cut|wound|gash|laceration", "needs stitches|need stitches", "cannot put weight|cannot bear weight", "broke|broken|fractured ~3 arm|leg|wrist|ankle|bone|collarbone|elbow|finger|toe|rib|nose|foot|hand", "arm|leg|wrist|ankle|finger|elbow ~3 deformed|bent the wrong way|at a funny angle"],
  },
  { id: "eye_problem", label: "eye injury or change in vision", category: "eye-ent", level: "urgent", basis: "NHS: eye injuries, new flashes and floaters, new vision changes need same-day eye care", any: ["something ~3 in @poss eye", "eye injury", "vision ~3 blurred|blurry|changed|worse", "red ~2 painful eye|painful red eye", "flashes ~6 floaters", "floaters ~6 flashes", "shower of ~2 floaters|spots|black dots", "cannot see ~2 properly|clearly|well"] },
  { id: "infection_spreading", label: "spreading infection", category: "infection", level: "urgent", basis: "NHS cellulitis: redness and swelling that spread need same-day care", any: ["red|redness|swelling|streak* ~4 spreading|getting bigger|streak*|up @poss arm|up @poss leg"] },
  { id: "urine_infection_fever", label: "urine infection with fever or back pain", category: "infection", level: "urgent", basis: "NHS kidney infection: urine symptoms with fever or back pain need same-day care", all: [["uti|urine infection|urinary|burning when i pee|hurts when i pee|stings when i pee|pain when i pee|peeing|cystitis"], ["fever|back pain|flank|shiver*|chills|temperature"]] },
  { id: "allergic_reaction", label: "allergic reaction", category: "allergy", level: "urgent", basis: "NHS allergies: swelling or hives without breathing problems", any: ["allergic reaction|hives|swollen lip|swollen lips", "lip|lips|face ~3 swollen", "swelling ~3 face|lips"] },
  { id: "swallowed_object_or_substance", label: "something swallowed that may need advice", category: "toxicology", level: "urgent", basis: "Poison-control: a double dose or a swallowed object needs advice", any: ["double dose|took an extra|took too many", "took ~3 twice", "swallowed ~3 coin|toy|pin|something"], except: ["vitamin*"] },
];
