/** Mental health crises: suicidal intent said outright or indirectly, self-harm, danger to others. */
import type { Presentation } from "./types.ts";
import { HEIGHT, INTENT, JUMP, MEANS as MEANS_AT_HAND, NOT_A_JUMP, NOT_SELF_ENDING, SELF_ENDING, THREAT } from "./concept-words.ts";

/** Hopelessness and passive wishes to die, on their own an urgent concern (Samaritans / 988 warning signs). */
export const HOPELESS = [
  "no point ~4 anymore|any more|in anything|in living|in going on|to anything|of anything|to life|carrying on", // no point
  "do not see the point|cannot see the point|what is the point", // no point
  "cannot go on|cannot do this anymore|cannot do this any more|cannot do this no more|cannot take it anymore|cannot take it any more|cannot take it no more|cannot cope anymore|cannot cope any more|done with everything|done with life|had enough of life|had enough of everything", // at the end
  "want it all to stop|want everything to stop|want it to be over|want it all to end|want everything to end", // wanting an end
  "better off without me|everyone would be better off|nobody would care|no one would care|no one cares if i", // burden
  "burden ~3 everyone|everybody|family|others|people", // burden
  "nobody|no one ~2 would|will ~3 notice|miss me|care", // burden
  "wish i was dead|wish i were dead|wish i was not here|wish i were not here|wish i was not alive|wish i could disappear|wish i could just disappear|wish i could sleep forever|wish i would not wake up|hope i do not wake up|tired of living|tired of being alive|do not want to be here anymore|do not want to be here any more|do not want to exist", // passive death wish
  "sleep and never wake up|sleep and not wake up|go to sleep and not wake up|go to sleep forever", // passive death wish
];

/** Means at hand or being gathered. */
const MEANS = [
  "saving up|stockpiling|hoarding|collecting|stashing|saved up|been saving|squirrelled away|put aside|kept back ~4 @med", // stockpiling
  "@med ~4 saved up|stockpiled|put aside|hidden away", // stockpiling
  "have enough|got enough|finally enough|it is enough|is finally enough|think it is enough ~4 @med|now|to do it|to end it|to finish it", // enough
  "bought ~3 rope|a rope|a noose|a gun|charcoal|a blade|razor blades", // means bought
  "prepared|laid out|lined up|counted out|got out|ready ~3 @med|rope|noose", // means made ready
  "rope|noose|ligature", // hanging
  "finally enough|it is finally enough", // indirect
];

export const MENTAL_HEALTH: Presentation[] = [
  {
    id: "suicidal_ideation",
    label: "suicidal thoughts or intent",
    category: "mental-health",
    level: "emergency",
    basis: "988 Lifeline / Samaritans / NHS mental health crisis: talking about wanting to die or kill oneself, having a plan or means, saying goodbye — get help now",
    any: [
      "(end|ending|take|taking) @poss [own] (life|lfe)", // ending a life
      "want* to die|wanna die", // wanting to die
      "do not want to ~2 continue|go on|carry on ~2 living|anymore|any more|with life|with my life", // not wanting to go on
      "(says|said|saying|threatening|threatens) ~3 will jump|going to jump|to jump", // threatening to jump
      "on ~2 roof|ledge|bridge|balcony|edge ~8 jump*", // at a height
      "(i|to|will|gonna) end it ~3 tonight|today|now|all|for good", // ending it
      "tonight is the night", // a decision
      "decided ~6 end it|tonight|to die|to go", // a decision
      "no reason ~4 to live|to keep living|to go on|to be alive|to carry on", // no reason to live
      "disappear forever", // indirect
      "suicid*|kill myself|killing myself|end my life|ending my life|end it all|ending it all|take my own life|taking my own life|take my life|end things|ending things|end it tonight|end it today|end it now|unalive myself|unalive|kms|sewerslide|self delete", // said outright
      "kill|killing|hang|hanging|drown|drowning|shoot|shooting|stab|stabbing|overdose|off|top|neck|gas ~2 myself|himself|herself|themselves", // methods with oneself
      "want to die|wanna die|want to be dead|ready to die|going to die tonight|better off dead|deserve to die", // wanting to die
      "do not want to live|do not want to be alive|do not want to wake up|no reason to live|no reason to keep living|nothing to live for", // not wanting to live
      "worked out how|figured out how|decided how|know how ~4 do it|going to do it|end it", // a plan
      "have a plan|made a plan|got a plan|have planned ~4 it|to end|to die|to kill|when|how", // a plan
      "suicide note|goodbye note|goodbye letter*|goodbye message", // saying goodbye
      "written|wrote|writing|left ~3 suicide note|goodbye", // a note
      "written|wrote|writing|left ~3 letters|letter|notes|note ~4 kids|family|everyone|children|parents|wife|husband|mum|dad", // saying goodbye
      "(not|never) have to ~2 (deal_with|put_up_with|worry_about|look_after|see) me ~4 after tonight|after today|after this|from tomorrow|ever again", // a farewell with a time
      "thanks for everything ~6 look after|take care of|goodbye|bye|sorry", // indirect goodbye
      "look after ~3 cat|dog|kids|children|pets ~4 for me|when i am gone|after i am gone", // indirect goodbye
      "giving away|given away|gave away ~3 @poss things|@poss stuff|@poss belongings|@poss possessions|everything", // giving things away
      "not be a burden ~4 any longer|anymore|any more|after tonight|after today|much longer", // a farewell with a time
      "message|messages|text|texts|note|letter|voicemail ~3 saying goodbye|to say goodbye|said goodbye", // a goodbye, the message first
      "not think i will be ~2 here|around|alive ~2 tomorrow|much longer|by morning|next week", // a goodbye, hedged
      "before i go tonight|when i am gone|after i am gone|will not be here tomorrow|not be here by|this is goodbye|saying goodbye to everyone|said goodbye to everyone|last message|final message", // goodbyes
      "jump ~3 off|from|in front of ~4 bridge|roof|building|balcony|cliff|train|car park|multi storey|tower|window", // jumping
      "going to jump|about to jump|want to jump|ready to jump|thinking of jumping", // jumping
      "standing|sitting|stood ~3 on ~3 railing|ledge|edge|bridge|roof|balcony|parapet|platform edge", // at a height
      "step|stepping|walk|walking|throw myself ~3 in front of ~2 train|bus|lorry|truck|car|traffic", // traffic
      "drive|driving|crash|crashing ~4 car ~4 into ~3 wall|tree|bridge|lorry|truck|river|off a cliff|off the road|into traffic", // vehicle
      "take|swallow|going to take|going to swallow ~3 them all|all of them|the lot|all the pills|all my pills|all @poss @med", // overdose planned
      "take|swallow ~3 the whole ~2 @pack", // overdose planned
      "all @poss pills|all the pills|all @poss tablets|all the tablets|all @poss meds ~10 going to take them|gonna take them|about to take them|will take them|taking them tonight|am taking them|taking them all", // overdose planned, the pills first
      "cut ~3 too deep|very deep|really deep|deep", // deep self-injury
      "hurt|hurting|harm|harming|cut|cutting|burn|burning ~2 himself|herself|themselves", // self-harm, someone else
      "self harm*|self injur*|cutting myself|cut myself|burning myself|hurting myself|hurt myself|harming myself|harm myself", // self-harm now
      "voices ~6 tell|telling|told|say|saying ~4 kill|hurt|die|jump|end|harm", // command hallucinations
      "active si|si with intent|having si|has si|reports si|reporting si", // clinical shorthand (not Spanish "si")
      "si with ~2 plan", // clinical shorthand: "SI with a plan"
    ],
    except: [
      "suicide rate|suicide rates|suicide statistics|suicide prevention|suicide awareness|suicide research|suicide figures", // the subject, not a person
      "killing myself laughing|kill myself laughing|killing me|killed me", // figurative
      "cut myself shaving|cut myself cooking|cut myself on", // accidents
      "hurt myself ~3 gym|playing|exercising|lifting|running|football|back|knee|ankle|wrist|shoulder", // accidents
      "drive ~4 car ~6 mechanic|garage|service|test", // driving
      "jump ~3 rope|start|in|into the pool|queue|on the bandwagon", // jump rope
      "kill|killing ~2 myself ~3 at the gym|with work|studying|revising", // figurative
      ...NOT_A_JUMP,
    ],
  },
  {
    id: "suicide_threat_said",
    label: "suicidal thoughts or intent",
    category: "mental-health",
    level: "emergency",
    basis: "988 / Samaritans warning signs: threatening or talking about ending one's life, however it is worded ('says she will jump', 'keeps talking about not waking up')",
    near: [THREAT, SELF_ENDING],
    nearWords: 5,
    except: [...NOT_SELF_ENDING, ...NOT_A_JUMP],
  },
  {
    id: "suicide_height",
    label: "suicidal thoughts or intent",
    category: "mental-health",
    level: "emergency",
    basis: "Samaritans / police guidance: someone at a height or by a railway talking of jumping is in immediate danger",
    near: [JUMP, HEIGHT],
    except: [...NOT_A_JUMP, "into the river|into the water|into the sea|into the lake|into the pool|for fun|every summer|as kids|as a kid"],
  },
  {
    id: "suicide_means_intent",
    label: "suicidal thoughts or intent",
    category: "mental-health",
    level: "emergency",
    basis: "Samaritans / 988: the means at hand together with words of ending one's life",
    near: [MEANS_AT_HAND, INTENT],
    nearWords: 10,
    except: [...NOT_SELF_ENDING],
  },
  {
    id: "hopeless_with_means",
    label: "hopelessness with means gathered (suicide risk)",
    category: "mental-health",
    level: "emergency",
    basis: "Samaritans / 988 warning signs: hopelessness together with getting the means (stockpiling tablets) is high risk",
    all: [[...HOPELESS, ...MEANS.slice(0, 3), "finally|ready|tonight|nobody would even notice|no one would even notice"], MEANS],
  },
  {
    id: "danger_to_others",
    label: "risk of harming someone else",
    category: "mental-health",
    level: "emergency",
    basis: "NHS mental health crisis / police: a person threatening to harm others, especially with a weapon or driven by delusions, needs the emergency number",
    all: [
      [
        "kill|hurt|stab|attack|shoot|harm ~3 them|him|her|people|someone|everyone|the neighbours|the neighbors", // threat
        "kill|hurt|stab|attack|shoot|harm ~3 my|our|the ~2 wife|husband|mum|dad|mother|father|brother|sister|family|kids|children|baby", // threat
      ],
      [
        "knife|knives|gun|weapon|axe|machete|bat|hammer", // weapon
        "voices|messages through|spying|out to get|after us|before they get", // delusions
        "sending ~2 messages", // delusions
        "poisoning ~2 food", // delusions
        "not slept|has not slept|no sleep ~4 days|nights", // mania
        "voices|told to|telling me to|telling him to|telling her to", // command hallucinations
      ],
    ],
    except: ["kill|killing ~3 time|it|the vibe|the mood|the game|the battery|the lights|the process|the weeds|the bugs|the plant"],
  },
  {
    id: "psychosis_with_weapon",
    label: "delusions or hallucinations with a weapon at hand",
    category: "mental-health",
    level: "emergency",
    basis: "NHS mental health crisis / police: someone with delusions (being watched, controlled, thoughts put into their head) who has or talks of a weapon — to 'protect' themselves or others — needs the emergency number",
    all: [
      [
        "voices|hearing things|seeing things|hallucinat*", // hallucinations
        "thoughts ~4 into|in|out of|from ~2 @poss head|@poss mind|his head|her head", // thought insertion or broadcast
        "beaming|beamed|transmitting|sending signals|putting thoughts|reading @poss mind|controlling @poss mind|control @poss mind", // passivity
        "spying|cameras in|microchip*|implant*|being followed|following him|following her|out to get|after us|after him|after her|the devil|demons|possessed", // persecution
        "watching ~3 through", // persecution: "watching him through the TV"
        "poisoning ~2 food", // persecution
      ],
      [
        "knife|knives|gun|weapon|axe|machete|hammer|blade|baseball bat", // a weapon
        "protect|defend ~4 us|me|himself|herself|themselves|the family|everyone", // acting on the delusion
      ],
    ],
    except: ["knife and fork|butter knife|kitchen knife drawer|video game|game|film|movie|book|show"],
  },
];
