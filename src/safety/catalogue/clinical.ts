/**
 * The catalogue's presentations as clinicians, call handlers and triage nurses write them: terse
 * notes in clinical shorthand ("75F R facial droop, arm drift", "32/40 severe HA, visual
 * disturbance", "GCS 8"). normalize.ts spells out the abbreviations it can ("c/o", "HA", "32/40",
 * "87F", "#", "RR"); these are the terms that stay clinical. One presentation per category, one
 * line per sign, each with its basis; categories match the lay presentations'.
 */
import type { Presentation } from "./types.ts";
import { FEVER, PREGNANT, YOUNG_CHILD, INFANT } from "./concepts.ts";

/** A vital sign out of range, as a note writes it (after normalize.ts: "rr 36" → "breathing rate 36"). */
const VITALS_DANGER = [
  "breathing rate ~2 (25|26|27|28|29|3#|4#|5#|6#|7#|8#|4|5|6|7|8)", // RR ≥ 25 or ≤ 8 (UK Sepsis Trust / NEWS2 red)
  "heart rate|pulse ~2 (125|126|127|128|129|13#|14#|15#|16#|17#|18#|19#|2#|3#|20#|21#|22#|23#|24#|25#)", // HR over 124 or under 40 (NEWS2 3 points over 130; 125 with fever and fast breathing)
  "systolic|sbp ~3 (5#|6#|7#|8#)", // systolic under 90
  "gcs ~2 (3|4|5|6|7|8|9|10|11|12)|gcs ~2 reduced|low|dropping|dropped|falling", // reduced consciousness
];

export const CLINICAL: Presentation[] = [
  {
    id: "clinical_acs",
    label: "possible heart attack",
    category: "cardiovascular",
    level: "emergency",
    basis: "AHA / NICE acute coronary syndrome: cardiac-sounding chest pain, named by a clinician or not eased by GTN",
    any: [
      "acs|stemi|nstemi|acute coronary syndrome|myocardial infarction|cardiac sounding chest pain|cardiac chest pain", // named
      "gtn|nitro|spray ~5 no effect|no relief|not helped|not helping|not working|did nothing|no change|no improvement", // not eased by GTN
    ],
  },
  {
    id: "clinical_syncope_rate",
    label: "fainting with a very slow or very fast heart",
    category: "cardiovascular",
    level: "emergency",
    basis: "MTS 'abnormal pulse' with syncope; ESI 1–2: syncope with bradycardia under 40 or tachycardia over 150",
    all: [["syncope|syncopal|presyncope|presyncopal|collapse*|fainted|faint*|passed out|blacked out"], ["heart rate|pulse ~2 (1#|2#|3#|15#|16#|17#|18#|19#|20#|21#|22#|23#|24#|25#)", "brady*|tachy*|heart block"]],
  },
  {
    id: "clinical_breathing",
    label: "severe difficulty breathing",
    category: "respiratory",
    level: "emergency",
    basis: "MTS 'inadequate breathing', 'unable to talk in sentences', 'cyanosis', stridor; NEWS2 respiratory rate ≥ 25",
    any: [
      "cyanosed|cyanotic|cyanosis|circumoral cyanosis", // blue
      "(cannot|unable_to|not_able_to|could_not) complete ~2 sentences", // speech
      "single words only|speaking in single words|one word answers|tripoding|tripod position", // speech, posture
      "stridor|stridulous|accessory muscles|tracheal tug|intercostal recession|subcostal recession|recession", // effort
      "breathing rate ~2 (3#|4#|5#|6#|7#)", // rate ≥ 30
    ],
    except: ["no cyanosis|not cyanosed"],
  },
  {
    id: "clinical_stroke",
    label: "signs of a stroke",
    category: "neurological",
    level: "emergency",
    basis: "FAST / NICE stroke: a new facial droop, arm drift, or speech disturbance is a stroke until proven otherwise",
    any: [
      "facial droop|facial weakness|facial palsy|arm drift|pronator drift|dysphasia|aphasia|dysarthria|hemiparesis|hemiplegia|hemisensory|homonymous", // signs
      "last known well|lkw|fast positive|positive fast|be fast positive", // the stroke pathway
    ],
  },
  {
    id: "clinical_neuro",
    label: "a brain emergency",
    category: "neurological",
    level: "emergency",
    basis: "NICE: thunderclap headache (maximal at onset), status epilepticus (over 5 minutes), cauda equina (saddle anaesthesia, retention), GCS 8 or less",
    any: [
      "maximal at onset|peak at onset|peaked at onset|thunderclap|worst ever", // thunderclap
      "status epilepticus|seizure ongoing|ongoing seizure|ongoing fitting|fitting ongoing|still seizing", // status
      "seizure|fitting ~3 (6|7|8|9|##) min*", // status
      "saddle anaesthesia|saddle anesthesia|saddle numbness|urinary retention|retention of urine|faecal incontinence|bilat* sciatica", // cauda equina
      "gcs ~2 (3|4|5|6|7|8|9|reduced|low|dropping|dropped|falling)", // consciousness
      "reduced gcs|snoring resp*|agonal", // consciousness
      "acute confusion|acutely confused|new confusion|not oriented|disorientated to|disoriented to", // delirium
      "confus* ~6 seizure*|fitting|jerks|jerking|convuls*", // confusion with seizures
    ],
  },
  {
    id: "clinical_anaphylaxis",
    label: "anaphylaxis or airway swelling",
    category: "allergy",
    level: "emergency",
    basis: "Resuscitation Council: angioedema, or a reaction still coming back after adrenaline, is anaphylaxis",
    any: [
      "angioedema|angio oedema|angio edema", // named
      "adrenaline|epinephrine|autoinjector|auto injector|epipen|epi pen ~8 recurr*|return*|coming back|worse|again|wearing off|not helping|no effect", // after adrenaline
    ],
  },
  {
    id: "clinical_abdomen",
    label: "a surgical abdomen or bleeding from the gut",
    category: "abdominal",
    level: "emergency",
    basis: "MTS 'signs of peritonism', 'vomiting blood', 'passing black stools'; NICE upper GI bleed",
    any: [
      "guarding|peritonism|peritonitic|rebound tenderness|rigid abdomen|board like|board rigid", // peritonism
      "haematemesis|hematemesis|melaena|melena|coffee ground*|fresh pr bleed", // GI bleed
      "pr bleed ~2 heavy|large", // GI bleed
      "aaa|aortic aneurysm ~6 pain|collapse*|pale|back", // AAA
      "no flatus|not passing flatus|not passed flatus|absolute constipation ~8 vomit*|distension|distended", // obstruction
    ],
  },
  {
    id: "clinical_sepsis",
    label: "possible sepsis",
    category: "infection",
    level: "emergency",
    basis: "UK Sepsis Trust red flags and NICE neutropenic sepsis: infection with a red-flag vital sign, or any fever during chemotherapy",
    any: ["neutropenic sepsis|septic shock|red flag sepsis|sepsis six", "anuric|anuria|non blanching|non blanch*|petechiae|petechial|purpura|purpuric"],
  },
  {
    id: "chemo_fever",
    label: "fever during chemotherapy (possible neutropenic sepsis)",
    category: "infection",
    level: "emergency",
    basis: "NICE neutropenic sepsis / acute oncology: a temperature of 38 or shivering after chemotherapy needs the emergency line or A&E now",
    all: [["chemo*|neutropeni*|immunosuppress*|post transplant|after @poss transplant"], FEVER],
  },
  {
    id: "infection_red_vitals",
    label: "possible sepsis",
    category: "infection",
    level: "emergency",
    basis: "UK Sepsis Trust: infection with a respiratory rate ≥ 25, heart rate ≥ 130, systolic under 90, or new confusion",
    all: [["infection|infected|cellulitis|uti|pneumonia|abscess|wound", ...FEVER], VITALS_DANGER],
  },
  {
    id: "clinical_eye_ent",
    label: "an eye or throat emergency",
    category: "eye-ent",
    level: "emergency",
    basis: "Royal College of Ophthalmologists / NHS: alkali or acid in the eye, hyphaema or double vision after a blow, acute angle-closure glaucoma; bleeding after a tonsillectomy",
    any: [
      "alkali|acid|oven cleaner|drain cleaner|caustic|lime|cement ~6 eye|eyes", // chemical
      "hyphaema|hyphema|blood in @poss eye|diplopia after|orbital fracture", // blunt trauma
      "blood in the front of ~2 eye", // blunt trauma
      "halos|haloes|rainbows ~8 eye|pain|vomit*|headache", // acute glaucoma
      "eye ~3 rock hard|hard as a rock|feels hard|gone hard", // acute glaucoma
      "tonsillectomy|tonsils out|tonsils removed ~10 blood|bleed*|spitting", // post-tonsillectomy bleed
      "blood|bleed* ~10 tonsillectomy|tonsils out|tonsils removed", // post-tonsillectomy bleed
      "trismus", // quinsy
    ],
  },
  {
    id: "clinical_glucose",
    label: "dangerously low or high blood sugar",
    category: "metabolic",
    level: "emergency",
    basis: "NICE / JBDS: a hypo with confusion or unable to take sugar by mouth; glucose over 30 with drowsiness (HHS)",
    all: [
      ["sugar*|glucose|bm|bms|reading|meter ~4 (0·#|1·#|2·#|1|2|lo|low|hi|high|3#|over_30)", "hypo|hypoglyc*|hyperglyc*|hhs|dka"],
      ["confus*|not making sense|drowsy|unresponsive|sweaty|diaphoretic|clammy|cannot swallow|unable to swallow|unable to take|will not eat|not eating|seizure|fitting|hard to wake", "not himself|not herself|slurr*"],
    ],
  },
  {
    id: "clinical_bleeding",
    label: "severe or uncontrolled bleeding",
    category: "bleeding",
    level: "emergency",
    basis: "MTS 'uncontrollable major haemorrhage': an arterial or pulsatile bleed, bleeding through dressings",
    any: [
      "arterial|pulsatile ~3 bleed*|spurting|haemorrhage|hemorrhage|blood", // arterial
      "bleed*|spurting|haemorrhage ~3 arterial|pulsatile", // arterial
      "lac|laceration|gash|wound|cut ~8 spurting|squirting|pumping|pulsing|gushing|arterial|pulsatile", // a wound that spurts
      "bleeding|bled ~3 through ~3 dressing*|bandage*|towel*|pad|pads", // through the dressing
      "pooling|pooled ~3 floor|ground|blood", // pooling
      "pad|pads|tampon*|towel ~3 every (#|few|five|ten|fifteen|twenty) min*", // soaking a pad every few minutes
      "major haemorrhage|major hemorrhage|catastrophic haemorrhage|catastrophic bleed*|large blood loss|significant blood loss|heavy blood loss", // named
    ],
  },
  {
    id: "clinical_child",
    label: "a child with red-flag signs",
    category: "child",
    level: "emergency",
    basis: "NICE feverish and unwell children / head injury: loss of consciousness with vomiting, no urine with sunken eyes and lethargy, a swallowed button battery",
    all: [
      YOUNG_CHILD.concat(["# year old|# years old"]),
      [
        "loss of consciousness ~8 vomit*|drowsy", // head injury
        "no urine output|no wee|no wet nappies|not passed urine|no urine ~8 lethargic|sunken|drowsy|floppy", // dehydration
        "sunken eyes ~8 lethargic|drowsy|floppy|cold", // dehydration
        "button battery|button batteries|coin battery|disc battery|magnets", // battery or magnets
      ],
    ],
  },
  {
    id: "clinical_infant",
    label: "a young baby with red-flag signs",
    category: "infant",
    level: "emergency",
    basis: "NICE fever in under-5s (red): grunting, nasal flaring, chest recession, RR over 60, apnoea, cyanosis in a baby",
    all: [
      [...INFANT, "neonate|neonatal|infant"],
      ["grunt*|nasal flaring|flaring nostrils|recession|apnoe*|apne*|apnoeic|cyanos*|cyanotic|breathing rate ~2 (6#|7#|8#|9#)"],
    ],
  },
  {
    id: "clinical_obstetric",
    label: "a pregnancy emergency",
    category: "pregnancy",
    level: "emergency",
    basis: "RCOG / NHS: cord prolapse, reduced or absent fetal movements, pre-eclampsia signs, abruption (hard uterus with pain or bleeding), postpartum haemorrhage, ectopic signs (shoulder tip pain with collapse)",
    any: [
      "cord ~6 felt|feel|feeling|see|seen|visible|coming out|hanging|introitus|vagina|prolapse*", // cord prolapse
      "no fetal movements|no foetal movements|reduced fetal movements|reduced foetal movements|no fm|reduced fm", // movements
      "not felt ~3 baby ~2 move|moving|kick*", // movements
      "vagina|introitus ~10 cord", // cord prolapse
            "uterus|bump|tummy ~3 hard|rigid|tense|woody ~10 pain|bleed*", // abruption
      "shoulder tip pain", // ectopic
      "postnatal|postpartum|post partum|after delivery|pph ~8 soaking|clots|heavy|dizzy|faint*|pouring|haemorrhag*|hemorrhag*", // postpartum haemorrhage
    ],
  },
  {
    id: "clinical_pre_eclampsia",
    label: "signs of pre-eclampsia",
    category: "pregnancy",
    level: "emergency",
    basis: "NICE hypertension in pregnancy: headache with visual disturbance or a blood pressure of 160/110 after 20 weeks",
    all: [PREGNANT, ["visual disturbance|flashing lights|blurred vision|seeing stars|spots in front", "blood pressure ~2 (16#|17#|18#|19#)", "face|hands|facial ~3 oedema|swelling|swollen|puffy"]],
  },
  {
    id: "clinical_mental_health",
    label: "suicidal thoughts or intent",
    category: "mental-health",
    level: "emergency",
    basis: "Samaritans / police: goodbye messages, a car running in a closed garage, stockpiled medicine, intent stated at a height, command hallucinations to harm",
    any: [
      "goodbye ~3 texts|text|messages|message|letters|letter|note|notes|calls", // goodbyes
      "garage ~8 engine|exhaust|hose|hosepipe|car running", // carbon monoxide
      "engine|car ~4 running ~6 garage", // carbon monoxide
      "stockpiled|stockpiling|hoarded|hoarding|saved up|saving up ~4 @med|tablets|pills", // stockpiling
      "no reason to keep going|no reason to carry on|wish not to be alive|wish to be dead|wish to die|not want to be alive", // hopelessness said clinically
      "command hallucination*|commanding voices|voices commanding", // command hallucinations
      "bridge|roof|ledge|balcony|cliff|edge ~10 do it tonight|going to do it|go through with it|do it now", // at a height
    ],
  },
  {
    id: "clinical_overdose",
    label: "overdose",
    category: "toxicology",
    level: "emergency",
    basis: "TOXBASE / NICE paracetamol overdose: a counted overdose, an intentional ingestion, or sedatives with slowed breathing",
    any: [
      "## x @med|## x tabs|## x tablets", // "30 x paracetamol"
      "@med ~3 ## x|## tabs|## tablets", // "paracetamol 30 tabs"
      "intentional|deliberate ~3 overdose|ingestion|od", // intentional
      "admits intentional|stated intentional|intentional ingestion", // intentional
      "@swallowed ~3 @many ~2 of them|of those|of these|of the packet|of the box", // "took about thirty of them"
      "double dos*|doubled dose|double dose|doubling ~6 digoxin|lithium|warfarin|insulin|methotrexate", // a dangerous double dose
      "xanthopsia", // digoxin toxicity
      "zopiclone|benzo*|opioid*|heroin|methadone|@med ~8 breathing rate ~2 (4|5|6|7|8)", // slowed breathing
    ],
  },
  {
    id: "clinical_trauma",
    label: "major trauma",
    category: "trauma",
    level: "emergency",
    basis: "NICE major trauma / MTS 'high-energy mechanism', 'open fracture', 'penetrating injury'",
    any: [
      "ped|pedestrian|cyclist|motorcyclist ~2 vs|versus ~2 car|vehicle|lorry|truck|bus|van", // mechanism
      "road traffic collision|rtc", // mechanism
      "thrown ~3 # m|# metres|# meters|metres|meters", // mechanism
      "open fracture|compound fracture", // open fracture
      "bone ~3 visible|showing|sticking out|through the skin|exposed", // open fracture
      "stab wound|stab injury|knife wound|gunshot wound|penetrating", // penetrating
      "paraesthesia|paresthesia|pins and needles ~6 both legs|legs|arms ~8 fall|fell|ladder|landed|after", // spinal
      "head injury|head inj|head strike ~8 repetitive|repeating|vomit*|loss of consciousness|amnesia|drowsy", // head injury
    ],
  },
  {
    id: "clinical_environmental",
    label: "lightning or electrical injury",
    category: "environmental",
    level: "emergency",
    basis: "NHS / Resuscitation Council: anyone struck by or thrown by lightning or a mains shock needs the emergency number (arrhythmia, hidden burns)",
    near: [["lightning"], ["hit|struck|strike|thrown|burn|burns|burnt|burned|nearby|close"]],
    nearWords: 10,
  },
];
