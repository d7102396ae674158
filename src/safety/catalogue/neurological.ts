/** Brain, spinal cord and nerves: stroke, seizures, sudden severe headache, sudden confusion, cauda equina. */
import type { Presentation } from "./types.ts";
import { CONFUSED, FEVER } from "./concepts.ts";
import { NOT_MANAGING, NOT_UNCONSCIOUS, WAKING } from "./concept-words.ts";
import { CLASSES } from "./classes.ts";

/** FAST: face. */
export const FACE = [
  "face|mouth|smile|lip|lips|eye|eyelid ~4 droop*|droopy|sagging|sagged|sags|lopsided|crooked|uneven|fallen|dropped|slipped|twisted|wonky|slack|lower|pulled", // drooping
  "droop*|droopy|sagging|lopsided|crooked|wonky ~4 face|mouth|smile", // drooping, word first
  "one side of @poss face|one side of @poss mouth|half of @poss face|half @poss face|side of @poss face ~4 droop*|down|numb|dead|frozen|not moving|fallen|lower|slack|sagging|flat|gone", // one side
  "cannot smile properly|cannot smile evenly|cannot smile straight|smile is not even|smile looks wrong", // smile test
  "drool* ~3 one side|out of the side", // drooling from one side
  "face ~4 numb|numbness|tingl*|dead", // numb face
];

/** FAST: arm (and leg) weakness. */
export const ARM = [
  "cannot|unable to|not able to|could not|struggling to|trouble ~2 lift|raise|move|hold up|grip|hold|feel ~4 arm|arms|hand|hands|leg|legs|cup|side|fingers", // cannot lift
  "arm|arms|hand|hands|leg|legs|side|foot ~4 weak|weakness|numb|numbness|limp|dead|heavy|floppy|useless|not working|will not work|stopped working|gone|gave way|giving way|paralys*", // weak limb
  "weak*|numb*|limp|heavy|paralys*|no feeling|no strength ~4 @poss [left|right] arm|@poss [left|right] leg|@poss [left|right] hand|one side|down one side|@poss [left|right] side", // weakness of …
  "hand|hands ~3 will not grip|cannot grip|would not grip|cannot hold", // grip
  "dropping things|dropping stuff|dropped @poss cup|dropped @poss phone|dropped @poss fork|keeps dropping", // dropping things
  "legs ~3 gave way|give way|giving way|buckled|went from under", // legs gave way
];

/** FAST: speech. */
export const SPEECH = [
  "slurr*|garbled|jumbled|mumbl*", // named
  "words ~5 mushed|mushy|muddled|jumbled|garbled|wrong|nonsense|mixed up|not coming out|gibberish|all over the place|coming out wrong|the wrong way", // words wrong
  "talking|speaking ~2 nonsense|gibberish|jibberish|funny|strange|weird|drunk", // nonsense
  "speech ~4 slurred|weird|strange|funny|off|thick|garbled|gone|slow|strange|wrong", // speech is …
  "cannot|could not|unable to|struggling to|trouble ~2 speak|talk|get @poss words out|find @poss words|get words out|find words|say words", // cannot speak
  "not making sense|making no sense|sounds drunk", // not making sense
  "speaks|speaking|talks|talking ~2 slowly|slow|strange|strangely|funny|oddly|weird|differently", // speech changed
];

export const NEUROLOGICAL: Presentation[] = [
  {
    id: "stroke_face_arm",
    label: "signs of a stroke (face and arm)",
    category: "neurological",
    level: "emergency",
    basis: "FAST (face, arms, speech, time to call 999); MTS 'new neurological deficit'",
    all: [FACE, ARM],
  },
  {
    id: "stroke_arm_speech",
    label: "signs of a stroke (arm and speech)",
    category: "neurological",
    level: "emergency",
    basis: "FAST (face, arms, speech, time to call 999)",
    all: [ARM, SPEECH],
  },
  {
    id: "stroke_face_speech",
    label: "signs of a stroke (face and speech)",
    category: "neurological",
    level: "emergency",
    basis: "FAST (face, arms, speech, time to call 999)",
    all: [FACE, SPEECH],
  },
  {
    id: "stroke_face_droop",
    label: "stroke sign: one side of the face drooping",
    category: "neurological",
    level: "emergency",
    basis: "FAST: any one sign is enough to call 999",
    any: FACE.slice(0, 5),
  },
  {
    id: "stroke_sudden_sign",
    label: "sudden weakness, numbness, speech or vision loss",
    category: "neurological",
    level: "emergency",
    basis: "BE-FAST and NHS stroke: sudden weakness, numbness, confusion, speech or vision loss; MTS 'new neurological deficit < 24 h'",
    all: [
      ["@sudden", "came on ~4 minutes ago|hour ago|in the last hour|this morning", "fine ~4 minutes ago|an hour ago|at breakfast|this morning|when we went to bed|last night", "halfway through|mid sentence|in the middle of"],
      [...FACE, ...ARM, ...SPEECH, "cannot walk|cannot stand", "legs ~3 gave way|give way", "cannot see|double vision|blind", "lost ~2 vision|sight"],
    ],
    except: ["cannot see ~2 properly|clearly|well|very well|as well|straight"],
  },
  {
    id: "stroke_named",
    label: "stroke happening now",
    category: "neurological",
    level: "emergency",
    basis: "FAST: someone saying a stroke is happening is reason enough to call the emergency number",
    any: ["having a stroke|is having a stroke|am having a stroke|might be a stroke|could be a stroke|mini stroke|tia", "think ~3 stroke"],
    except: [
      "gave me a stroke|give me a stroke|nearly had a stroke|almost had a stroke|give him a stroke|give her a stroke", // figurative
      "code|computer|laptop|phone|car|engine|wifi|printer|server|app|website|spreadsheet ~3 having a stroke", // figurative
    ],
  },
  {
    id: "thunderclap_headache",
    label: "sudden, severe headache (possible bleed in the brain)",
    category: "neurological",
    level: "emergency",
    basis: "NHS: call 999 for a sudden agonising headache ('thunderclap'), the worst ever; MTS 'sudden onset severe headache'",
    any: [
      "worst headache|worst head pain|worst pain in @poss head ~4 life|ever|ever had|imaginable", // worst ever
      "headache ~6 like ~4 hit|bat|hammer|explosion|exploded|exploding|thunderclap|kicked|struck|lightning", // like being hit
      "hit|struck|kicked ~4 bat|hammer|brick ~6 back of @poss head", // lay description
      "sudden*|out of nowhere|instantly|in seconds|within seconds|out of the blue ~4 severe|excruciating|blinding|explosive|agonising|agonizing|crushing|terrible|horrendous|worst|massive ~2 headache|head pain|pain in @poss head", // sudden severe
      "thunderclap", // named
      "head ~3 exploded|exploding|going to explode|split open|splitting open", // lay
      "headache ~6 stiff neck|cannot look at the light|light hurts", // meningism with headache
    ],
    except: ["exploding with|explode with|exploding from|bursting with|about to explode with"], // figurative: "my head is exploding with everything at work"
  },
  {
    id: "seizure_prolonged",
    label: "seizure that is long, repeated, the first ever, or with injury",
    category: "neurological",
    level: "emergency",
    basis: "NHS epilepsy: call 999 if a seizure lasts over 5 minutes, another follows, it is the first, or the person is injured or does not wake; MTS 'currently fitting'",
    all: [
      ["fit|fits|fitting|seizure*|seizing|convuls*|shaking all over|jerking all over|twitching all over|jerking uncontrollably", "shaking uncontrollably ~2 on the floor|on the ground"],
      [
        "5|6|7|8|9|10|##|five|six|seven|eight|nine|ten|fifteen|twenty ~2 minutes|mins|min", // long
        "over 5|more than 5|over five|more than five|going on for|been going for|lasting|still going|still fitting|still seizing|still shaking|will not stop|not stopping|keeps going", // still going
        "another one|one after another|back to back|again and again|keeps happening|two in a row|another seizure|another fit", // clusters
        "first fit|first seizure|first ever|first time|first one|never had one before|never had a seizure|never had a fit|never had one", // first
        "lasted ages|went on for ages|for ages|a long time|still not right|not right since|not back to normal|still not herself|still not himself|still confused|still drowsy", // not recovering
        "not waking|not woken|has not woken|still not awake|not come round|not coming round|will not wake|not responding", // not recovering
        "in the bath|in the water|in the pool|hit @poss head|banged @poss head|injured|pregnant|diabetic", // risk
      ],
    ],
    except: ["dog|cat|puppy|kitten ~4 fit|seizure|fitting"],
  },
  {
    id: "first_seizure",
    label: "a first seizure",
    category: "neurological",
    level: "emergency",
    basis: "NHS: call 999 for someone's first seizure",
    all: [
      ["never had ~2 seizure|seizures|fit|fits ~3 before|in @poss life", "first ever seizure|first ever fit|first seizure|first fit"],
      ["just|now|today|tonight|this morning|had one|having one|is having|just had|started"],
    ],
  },
  {
    id: "unresponsive",
    label: "unconscious or not responding",
    category: "neurological",
    level: "emergency",
    basis: "MTS 'unresponsive'; ESI 1 (unresponsive); NHS: call 999 for anyone who is unconscious or cannot be woken",
    any: [
      "unconscious|unresponsive|unrousable|out cold|lifeless", // named
      "will not wake|would not wake|cannot wake|cannot be woken|still not awake|not waking up|is not waking|not woken up|will not come round|not come round|not coming round", // cannot be woken
      "not responding|not responsive|no response|does not respond|will not respond|is not reacting|not reacting", // no response
      "barely conscious|barely responding|barely responsive|hardly responding|in and out of consciousness|drifting in and out|going in and out", // reduced response
    ],
    except: [
      "not responding ~3 to ~2 treatment|antibiotics|tablets|medication|meds|medicine|texts|messages|calls|emails|my texts|my messages", // other meanings
      "phone|laptop|computer|app|screen|tv|car ~4 not responding|unresponsive", // machines
      "will not wake ~2 me up|wake up early|wake up in the morning", // other meanings
      "unconscious bias|subconscious", // other meanings
      ...NOT_UNCONSCIOUS,
    ],
  },
  {
    id: "unresponsive_described",
    label: "unconscious or not responding",
    category: "neurological",
    level: "emergency",
    basis: "MTS 'unresponsive'; NHS: call 999 for anyone who cannot be woken; said in any order ('we cannot get him to wake', 'she does not respond when I shake her')",
    near: [WAKING, NOT_MANAGING],
    nearWords: 4,
    all: [[...CLASSES.person!]],
    except: [...NOT_UNCONSCIOUS, "wake me|wake us|wakes me|woke me|wakes us|woke us|waking me|waking us"],
  },
  {
    id: "meningitis_signs",
    label: "fever with a stiff neck or dislike of light",
    category: "neurological",
    level: "emergency",
    basis: "Meningitis Now / NHS meningitis: fever with stiff neck, dislike of bright light, confusion or a rash that does not fade",
    all: [
      FEVER,
      [
        "stiff neck|neck hurts to bend|cannot bend @poss neck|cannot move @poss neck", // stiff neck
        "neck ~3 stiff", // stiff neck
        "cannot touch ~3 chin ~3 chest", // chin to chest
        "chin will not touch", // chin to chest
        "light hurts @poss eyes|cannot stand the light|cannot look at the light|hates the light|dislike* bright light|hurts to look at light|sensitive to light|photophobi*", // photophobia
      ],
    ],
  },
  {
    id: "sudden_confusion",
    label: "sudden confusion",
    category: "neurological",
    level: "emergency",
    basis: "NHS: call 999 for sudden confusion (delirium); MTS 'altered conscious level'",
    all: [
      [...CONFUSED, "does not know who i am|does not know where she is|does not know where he is|does not know what year|does not know what day"],
      ["@sudden", "woke up|this morning|last few hours|over the last few hours|in the last hour|today", "fine ~4 yesterday|last night|this morning|at breakfast|when we went to bed|an hour ago", "very|really|so|completely|extremely"],
    ],
    except: ["confused myself|confuse myself|confusing myself|confused everyone|confused about|confused by|confusing|confused why|confused as to|i am confused|i am so confused|i am really confused|bit confused|little confused|slightly confused"],
  },
  {
    id: "cauda_equina",
    label: "back pain with numbness between the legs or loss of bladder control",
    category: "neurological",
    level: "emergency",
    basis: "NHS cauda equina syndrome: numbness around the bottom or genitals, or new bladder or bowel problems, with back pain — go to A&E now",
    any: [
      "cannot feel|numb*|no feeling|lost feeling|lost all feeling|lost sensation|tingl* ~4 bum|bottom|buttocks|genitals|between @poss legs|saddle|private*|groin|back passage", // saddle numbness
      "numb|numbness|cannot feel|no feeling|could not feel ~3 when i wipe|wiping", // noticed on wiping
      "numb|no feeling|cannot feel anything ~3 from the waist down|waist down|below the waist|below @poss waist", // below the waist
      "cannot feel|no feeling|could not feel|lost feeling ~3 when (i|he|she|they) (wee|wees|pee|pees|go|goes)|when passing urine|when @poss bladder is full", // bladder sensation lost
    ],
  },
  {
    id: "cauda_equina_bladder",
    label: "back pain with loss of bladder or bowel control",
    category: "neurological",
    level: "emergency",
    basis: "NHS cauda equina syndrome: back pain with new loss of bladder or bowel control needs A&E now",
    all: [
      [
        "back ~3 pain|hurt*|bad|agony|sciatica|slipped disc|disc|went|gone|gave|gone out|put out", "sciatica", "put @poss back out",
        "both ~2 legs ~4 numb*|weak*|tingl*|gone dead|went dead|no feeling", // both legs (the cord or its roots)
        "@poss legs ~4 numb*|weak*|tingl*|gone dead|went dead|no feeling", // both legs (the cord or its roots)
        "legs ~3 (have|has|had) gone|went|going ~2 numb|weak|dead", // "legs have gone numb" without "my"
      ],
      ["cannot pee|cannot wee|cannot urinate|cannot pass urine|not been able to pee|have not been able to pee|not able to pee|unable to pee|unable to pass urine|lost control of @poss bladder|lost control of @poss bowels|wet myself|wetting myself|soiled myself|cannot control @poss bladder|cannot feel when i need", "accident ~3 waterworks|bladder|wee|pee|without knowing|without realising|without realizing"],
    ],
  },
  {
    id: "stroke_garbled_writing",
    label: "sudden garbled speech or writing (possible stroke)",
    category: "neurological",
    level: "emergency",
    basis: "NHS / Stroke Association: sudden difficulty speaking or understanding (aphasia) is a stroke sign — it shows in a text or message as much as in speech; call 999",
    near: [
      ["texted|texts|text|message|messages|messaged|wrote|writing|typed|typing|voice note|email|emailed"], // a message from them
      ["gibberish|jibberish|jumbled|garbled|word salad|random words|nonsense words|makes no sense|made no sense|not making sense|not make sense", "(words|letters) ~2 (mixed_up|all_wrong|wrong)"], // the words are wrong
    ],
    except: [
      "drunk|pissed|wasted|autocorrect|auto correct|predictive text|pocket|butt dial|toddler|baby|kid|cat|dog|keyboard|code|encrypted|another language ~8 text|texts|texted|message*|wrote|typed|gibberish|jibberish|jumbled|garbled|nonsense", // a known cause that is not a stroke, told first
      "text|texts|texted|message*|wrote|typed|gibberish|jibberish|jumbled|garbled|nonsense ~8 drunk|pissed|wasted|autocorrect|auto correct|predictive text|pocket|butt dial|toddler|keyboard|another language", // the cause told after
    ],
  },
];
