/** Heart and circulation: heart attack, aortic dissection, cardiac arrest, dangerous rhythms. */
import type { Presentation } from "./types.ts";
import { BREATHLESS, CARDIAC_FEATURE, CHEST_PAIN, SHOCK } from "./concepts.ts";

export const CARDIOVASCULAR: Presentation[] = [
  {
    id: "chest_pain_cardiac",
    label: "chest pain that may be a heart attack",
    category: "cardiovascular",
    level: "emergency",
    basis: "MTS 'cardiac pain'; ESI 2 chest pain suggesting a coronary syndrome; NHS: call 999 for chest pain that spreads, feels heavy or tight, or comes with breathlessness, sweating or sickness",
    all: [CHEST_PAIN, CARDIAC_FEATURE],
  },
  {
    id: "chest_pain_cardiac_words",
    label: "chest pain described as crushing, pressing or heavy",
    category: "cardiovascular",
    level: "emergency",
    basis: "NHS: call 999 for chest pain that makes the chest feel heavy or tight (the typical words for cardiac pain)",
    any: [
      "spray|gtn|nitro* ~6 not touched|has not touched|not helped|did nothing|done nothing|no effect|not working|not helping", // angina not relieved by GTN (NHS: call 999)
      "crushing|crushed|squeezing|squeezed|pressing ~4 chest", // the classic words
      "chest ~5 crush*|squeez*|pressing|heavy|heaviness|pressure|vice|vise", // the chest is …
      "pressure|heaviness|crushing|squeezing ~4 breastbone|sternum", // behind the breastbone
      "pressure|heaviness|weight ~5 chest", // "a weight on my chest"
      "elephant|someone|somebody|truck|brick* ~6 chest", // "like an elephant sitting on my chest"
      "band|vice|vise|belt ~3 (round|around|across) @poss chest", // "like a band round my chest"
      "having a heart attack|having an heart attack|is having a heart attack|am having a heart attack|think it is a heart attack|might be a heart attack|could be a heart attack", // said outright
    ],
    except: [
      "gave me a heart attack|give me a heart attack|nearly had a heart attack|almost had a heart attack|going to give me a heart attack", // figurative
      "code|computer|laptop|phone|car|engine|wifi|printer|server|app|website|stock market|market|economy ~3 having a heart attack", // figurative
    ],
  },
  {
    id: "aortic_dissection",
    label: "tearing chest or back pain (possible aortic dissection)",
    category: "cardiovascular",
    level: "emergency",
    basis: "NHS aortic dissection: sudden severe tearing or ripping pain in the chest or back; call 999",
    any: [
      "tearing|ripping|torn|rip|tear ~4 pain|feeling|sensation", // the words for it
      "pain ~4 tearing|ripping", // "pain, like tearing"
      "tearing|ripping ~3 inside|apart|through @poss", // "like something is tearing inside"
      "blood pressure ~6 different ~3 arms|each arm", // a pressure difference between the arms
      "pain ~6 between @poss shoulder blades ~6 worst|sudden|severe|agony", // where it goes
      "worst pain ~4 ever ~8 chest|back", // severity
    ],
  },
  {
    id: "cardiac_arrest",
    label: "collapsed, not breathing normally or no pulse",
    category: "cardiovascular",
    level: "emergency",
    basis: "Resuscitation Council: unresponsive and not breathing normally (including gasping) is cardiac arrest; call the emergency number and start CPR",
    any: [
      "no pulse|cannot feel a pulse|cannot find a pulse|cannot feel his pulse|cannot feel her pulse|cannot find his pulse|cannot find her pulse|without a pulse", // no pulse
      "heart ~2 has stopped|stopped beating|is not beating", // said outright
      "doing cpr|started cpr|giving cpr|doing chest compressions|using the defib*|getting the defib*|need a defib*|need the defib*", // already resuscitating
      "not breathing|stopped breathing|is not breathing properly|not breathing properly|not breathing normally", // not breathing
      "gasping noises|weird gasping|odd gasping|making gasping|agonal", // agonal breathing
      "collapsed ~6 not breathing|no pulse|gasping|turning blue|gone blue|not responding|unresponsive|will not wake|cannot wake", // collapse
    ],
    except: ["not breathing through @poss nose|stopped breathing through @poss nose", "i stopped breathing|i literally stopped breathing|i almost stopped breathing|i forgot to breathe"], // the writer cannot be in arrest: hyperbole
  },
  {
    id: "collapse",
    label: "sudden collapse",
    category: "cardiovascular",
    level: "emergency",
    basis: "MTS 'collapse' and ESI 1–2 unresponsiveness; NHS: call 999 if someone has collapsed and is not responding normally",
    any: [
      "@person ~2 [has] [just] [suddenly] collapsed", // "Dad just collapsed"
      "i [have] [just] collapsed", // the writer
      "collapsed ~4 floor|ground|street|kitchen|bathroom|toilet|shop|office|gym|pavement|stairs", // where
      "found ~4 collapsed|on the floor unresponsive|on the floor not moving", // found
      "lying|lay ~3 on the ground|on the floor ~3 not moving|still|motionless", // not moving
      "not moving ~3 on the ground|on the floor", // not moving
      "went down like|dropped like|keeled over|funny do|funny turn ~10 grey|gray|clammy|short of breath|breathless|not breathing|not responding|blue|sweat*|chest", // a collapse said plainly, with a sign
    ],
  },
  {
    id: "arrhythmia_shock",
    label: "racing or very slow heart with fainting, chest pain or breathlessness",
    category: "cardiovascular",
    level: "emergency",
    basis: "MTS 'abnormal pulse' with shock or syncope; NHS: palpitations with fainting, chest pain or breathlessness need 999",
    all: [
      [
        "heart|heartbeat|heart beat|ticker ~3 fast|racing|pounding|hammering|going like the clappers|going mad|going crazy|beating fast|beating really fast|beating so fast|fluttering|irregular|all over the place|skipping|jumping", // palpitations
        "palpitation*|racing heart|pounding heart", // named
        "heart rate ~3 high|through the roof", // named
        "pulse|heart rate|heart|hr|watch ~4 15#|16#|17#|18#|19#|200|210|220|230|240|250", // fast
        "pulse|heart rate|hr ~6 2#|3#|40", // slow
        "pulse|heart rate|heartbeat|heart beat ~3 really slow|very slow|so slow", // slow, said
        "15#|16#|17#|18#|19#|200|210|220|230|240|250 bpm|beats a minute|beats per minute|on my watch", // a reading
      ],
      [...SHOCK, "faint*|nearly passed out|almost passed out|nearly fainted|passed out|blacking out|blacked out|black out|pass out|dizzy|crumpled|collapsed|came round|come round|came to|funny turn|passing out|keel* over|might go over|nearly went over|go over", ...CHEST_PAIN, ...BREATHLESS],
    ],
  },
];
