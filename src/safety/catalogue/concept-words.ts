/**
 * Single-word concept vocabularies for the catalogue's `near` rules: a presentation names two or
 * three concepts that must be said within a few words of each other, in any order ("blood" near
 * "spurting" catches "spurting blood", "the blood spurts", "blood is coming out in spurts"), so
 * that the word order, tense, voice and filler words of a message do not matter. One concept per
 * constant, one line per kind of word, each with a comment.
 */

/** Blood itself. */
export const BLOOD = ["blood|bloods|bleed*|bled|haemorrhag*|hemorrhag*"];

/** How bleeding is when it is severe: arterial, soaking, in quantity, or not stopping. */
export const HEAVY_FLOW = [
  "spurt*|squirt*|gush*|pour*|pumping|pumps|pulsing|pulses|jetting|jets|spraying|sprays|streaming|fountain*", // arterial or fast
  "soak*|drench*|sodden|saturat*|puddle*|pool|pools|everywhere|all over", // soaked, spread
  "heavily|profuse*|massive|buckets|litres|liters|pints|cupful*|so much|too much|a lot|lots|loads", // quantity
  "uncontrol*|unstoppable|nonstop|non stop|will not stop|would not stop|not stopping|does not stop|did not stop|cannot stop|could not stop|keeps coming|keeps pouring|still coming|still pouring|not slowing|will not clot|not clotting", // not stopping
];

/** Bleeding that is not a wound's: handled by other presentations or routine. */
export const BLOOD_OTHER_MEANINGS = [
  "blood ~2 pressure|sugar*|test*|work|result*|donation|type|group|count|level*|clot|clots|orange|moon|vessel*|cells|bank|drive|brother*|sister*", // other meanings of blood
  "bloodwork|bloodshot|bloody mary|donat*", // other meanings
];

export const NOT_A_WOUND = [
  "blood ~2 pressure|sugar*|test*|work|result*|donation|type|group|count|level*|clot|clots|orange|moon|vessel*|cells|bank|drive|brother*|sister*", // other meanings of blood
  "bloodwork|bloodshot|bloody mary|donat*", // other meanings
  "period*|menstrua*|pad|pads|tampon*|spotting|time of the month ~10 bleed*|blood|soak*|heavy|heavily", // periods (urgent, not this)
  "bleed*|blood|soak* ~10 period*|menstrua*|pad|pads|tampon*", // periods
  "gum|gums|toothbrush|floss* ~6 bleed*|blood", // gums
  "bleed*|blood ~6 gum|gums|brush*|floss*", // gums
];

/** Jumping, as a way of ending a life. */
export const JUMP = ["jump|jumping|jumps|leap|leaping|throw myself|throw herself|throw himself|throw themselves|throwing myself|throwing herself|throwing himself"];

/** High places and traffic. */
export const HEIGHT = [
  "bridge|roof|rooftop|balcony|ledge|window|windowsill|cliff|cliffs|car park|multi storey|parking garage|overpass|flyover|viaduct|tower|top floor|high rise|building", // heights
  "train|trains|tracks|railway|platform|traffic|motorway|highway|lorry|bus", // traffic
];

/** Jumping that is play, sport or a figure of speech. */
export const NOT_A_JUMP = [
  "jump|jumping ~2 rope|start|ship|scare|the queue|the gun|on the bandwagon|at the chance|to conclusions|through hoops", // idioms
  "jump|jumping|jumps ~2 on|onto|in|into ~2 a|the ~2 train|bus|call|zoom|car|taxi|uber|bed|sofa|trampoline|pool|lake|sea|river|water|shower", // getting on, playing
  "bungee|parachute|skydiv*|trampoline|high jump|long jump|ski jump|jump squats", // sport
];

/** Saying, threatening or intending. */
export const THREAT = [
  "threat*|says|said|saying|keeps saying|kept saying|keep saying|talking about|talks about|talked about|texted|messaged|posted|screaming|shouting|yelling", // said
  "wants to|want to|going to|gonna|will|about to|plans to|planning to|ready to|tried to|trying to|thinking of|thinking about|mentioned|tempted to|decided to", // meant
];

/** Ways of ending one's own life said without "suicide" (the object of a threat). */
export const SELF_ENDING = [
  "jump|jumping|hang|hanging|overdose|od", // methods
  "end it all|end it|ending it|end things|ending things|end everything|ending everything|end her life|end his life|end their life|end my life", // ending
  "not be here|not be around|not be alive|not wake up|never wake up|be gone|be dead|disappear forever", // not being here
];

/** "hang" and "end it" in their everyday senses. */
export const NOT_SELF_ENDING = [
  "hang|hanging ~2 out|up|on|in|around|onto|with|the|it|them|a|some|pictures|washing|laundry|clothes|curtains|there", // hang out
  "end it|ending it|end things|ending things ~2 with|there|here|early|soon|now and|nicely|on a", // break-ups, meetings
  "jump ~2 rope|start|ship|scare|the queue",
];

/** The means of a suicide. */
export const MEANS = [
  "pills|tablets|rope|noose|gun|shotgun|rifle|knife|blade|blades|razor|razors|belt|cord|cable|ligature|charcoal|bridge", // means
];

/** An end of life wished for or planned. */
export const INTENT = [
  "end it|end it all|end everything|end my life|end her life|end his life|to die|die tonight|kill myself|kill herself|kill himself", // ending
  "not wake up|never wake up|goodbye|over with|be gone|not be here|sleep forever|disappear forever", // not being here
];

/** Falling, or being found on the floor. */
export const FALLEN = ["fell|fallen|fall|slipped|tripped|collapsed|went down|on the floor|on floor|on the ground|on ground|on the bathroom floor|on the kitchen floor|on the carpet"];

/** Not getting up again. */
export const CANNOT_GET_UP = [
  "cannot get up|could not get up|unable to get up|not able to get up|cannot get back up|will not get up|still on|stuck", // cannot get up
  "cannot get her up|cannot get him up|cannot lift her|cannot lift him|could not lift her|could not lift him|cannot get them up", // cannot be got up
  "cannot stand|could not stand|cannot move|not moving|cannot put weight|cannot bear weight|cannot walk", // cannot stand
  "(cannot|could_not|unable_to|not_able_to) get (herself|himself|themselves) up|cannot be lifted|could not be lifted|unable to lift|cannot lift|long lie", // cannot be got up
  "all night|for hours|since last night|overnight|since yesterday|since this morning|hours ago|been there|been down there|down there since|in the night|during the night", // a long lie
];

/** Breathing. */
export const BREATHING = ["breathe|breathing"];

/** Breathing at its worst: not able, fighting for it, or the colour of not getting it. */
export const BREATHING_FAILING = [
  "cannot|can not|could not|unable|not able|struggling|struggles|struggled|fighting|battling|gasping|laboured|labored|heaving", // effort
  "hardly|barely|scarcely|not enough", // too little
];

/** Waking or responding. */
export const WAKING = ["wake|waking|woken|wakes|rouse|rousing|respond|responding|responds|react|reacting|reacts|come round|coming round"];

/** Not managing it. */
export const NOT_MANAGING = ["cannot|can not|could not|unable to|not able to|will not|would not|does not|did not|is not|not|nothing|no way to"];

/** Waking that is about mornings, alarms or messages. */
export const NOT_UNCONSCIOUS = [
  "wake|waking ~3 early|mornings|in the morning|on time|for work|for school|alarm|at night|during the night|up feeling|up with", // sleep habits
  "respond|responding|responds|react|reacting ~3 to ~2 treatment|antibiotics|tablets|medication|meds|texts|messages|calls|emails|well|badly|allerg*", // other meanings
];

/** Medicines or chemicals a small child got at. */
export const GOT_AT = [
  "chewed|chewing|bitten|biting|sucking|sucked|licked|licking|in @poss mouth|tipped out|spilled|spilt|missing|emptied|got into|got hold of", // got at
  "found ~2 with", // found with
];
