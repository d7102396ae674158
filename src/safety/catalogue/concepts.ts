/**
 * Findings shared by several presentations (a presentation's `all` groups name them): chest
 * pain, breathlessness, fever, signs of shock, altered consciousness… One phrase per line.
 */

export const CHEST_PAIN = [
  "chest pain*|chest ache*|chest discomfort|chest pressure|chest tightness|chest hurt*", // named outright
  "pain*|pressure|tightness|heaviness|ache|aching|discomfort|burning|squeez*|crushing|weight ~5 chest", // "pain in the middle of my chest"
  "(heavy|tight|funny|weird|strange|horrible) feeling ~5 chest", // "a heavy feeling in my chest"
  "chest ~5 hurt*|hurting|aches|aching|tight|heavy|pressure|squeez*|crush*|burn*|sore|funny|weird|killing|pain|paining|pains", // "my chest is hurting", "feels like it is being squeezed"
  "(clutching|holding|gripping|grabbing|clutched|clasping|rubbing) @poss chest", // seen from outside
  "band|vice|vise|belt ~3 (round|around|across) @poss chest", // "like a band round my chest"
  "heart ~2 hurts|hurting|aches|aching|pain", // "my heart hurts"
  "breastbone|sternum ~3 pain*|hurt*|ache|aching|pressure", // behind the breastbone
  "pain*|pressure|tightness|heaviness|ache|aching|discomfort|burning ~4 breastbone|sternum", // behind the breastbone
  "angina", // named
  "sitting|standing|sat ~2 on ~3 @poss chest|the middle of (him|her|me|them)|@poss chest", // "like someone sitting on his chest"
  "(tight|heavy|crushing|painful|sore|squeezing) chest", // adjective first, as in notes
  "pain|pressure|weight|ache|tightness ~3 middle of (him|her|me|them)", // "the middle of him"
  "pain|pressure|ache|tightness|heaviness ~3 in the middle|in the centre|in the center|middle of @poss body", // "a pain right in the middle"
  "chest ~6 sitting on it|standing on it|elephant", // "as though an elephant is sitting on it"
  "chest ~4 (someone|somebody|something|a_person) ~2 (sat|sitting|standing|stood|kneeling|parked) on it", // "chest feels like someone sat on it"
  "heart|ticker ~3 feels wrong|feels funny|feels weird|feels strange|playing up|acting up|hurts|hurting", // "his ticker feels wrong"
];

/** What makes chest pain cardiac (AHA / NHS 999 criteria for chest pain). */
export const CARDIAC_FEATURE = [
  "sweat*|perspir*|clammy|cold sweat|drenched|diaphoretic|dripping", // sweating
  "spread*|radiat*|going|goes|moving|shoot*|travel* ~4 arm|arms|jaw|neck|shoulder|shoulders|back|teeth", // spreading
  "left arm|both arms|@poss jaw|@poss neck|into @poss back", // where it goes
  "arm ~3 numb|tingl*|heavy|ache|aching|hurts|dead", // arm symptoms
  "short of breath|shortness of breath|breathless|out of breath|cannot breathe|cannot get @poss breath|struggling to breathe|hard to breathe", // breathless
  "nause*|feel* sick|feeling sick|vomit*|throwing up|threw up|being sick", // nausea
  "feel ~2 sick", // "I feel rather sick"
  "faint*|dizzy|lightheaded|light headed|woozy|passed out|collapsed|black out|blacking out|pass out", // faint
  "grey|gray|ashen|pale|white as a sheet|bad colour|terrible colour|awful colour|funny colour|poor colour", // colour
  "going to die|am dying|is dying|sense of doom|impending doom", // doom
  "more than 15 minutes|over 15 minutes|for 20 minutes|for half an hour|half an hour|for an hour|for over an hour|not going away|will not go away|will not ease|not easing|not settling", // lasting
  "diabetic|diabetes", // atypical presentations in diabetes
];

export const BREATHLESS = [
  "short of breath|shortness of breath|breathless|out of breath|cannot catch @poss breath|cannot get @poss breath|puffed|winded", // named
  "(struggling|fighting|battling) (to_breathe|for_breath|for_air)", // effort
  "(hard|difficult) to breathe|difficulty breathing|trouble breathing", // difficulty
  "breathing ~2 difficult|hard|laboured|labored", // difficulty
  "cannot breathe|can not breathe|cannot get air|cannot get enough air|cannot get any air", // cannot
  "wheez*|gasping|panting", // noises
  "breathing ~3 fast|quick|quickly|rapid|rapidly|hard|heavy|heavily|funny|weird|strange|noisy|shallow", // pattern
];

export const FEVER = [
  "fever*|feverish|febrile|pyrexi*|high temp*|a temp|temperature|temp of|rigors", // named
  "burning up|boiling hot|roasting|hot to the touch|hot to touch|red hot", // lay
  "shivering|shivery|chills|shaking uncontrollably", // chills
  "38|38·#|39|39·#|40|40·#|41|100·#|101|101·#|102|103|104|105", // a reading
];

/** Infection context for sepsis. */
export const INFECTION = [
  ...FEVER,
  "infection|infected|uti|urine infection|kidney infection|chest infection|pneumonia|cellulitis|flu|covid|virus|bug|tummy bug|abscess", // named
  "antibiotic*|on amoxicillin|on penicillin", // being treated
  "wound|cut|bite|scratch ~4 red|hot|pus|oozing|swollen|infected", // a wound
  "after @poss operation|after @poss surgery|after giving birth|after @poss c section|since @poss chemo|on chemo|chemotherapy", // risk
];

export const CONFUSED = [
  "confus*|disorient*|delirious|muddled|befuddled", // named
  "not making sense|not making any sense|making no sense|talking nonsense|talking rubbish|talking gibberish|talking jibberish|babbling|saying things that make no sense", // speech
  "speaks|speaking|says|saying|talks|talk|talking ~2 nonsense|gibberish|strange things|rubbish", // speech
  "does not know where|did not know where|does not know what day|does not know what year|does not know who|does not recognise|does not recognize|did not recognise|did not recognize|cannot recognise|cannot recognize|not recognising|not recognizing", // orientation
  "not themselves|not himself|not herself|acting strange*|acting weird|acting odd|out of it|away with the fairies|spaced out|vacant", // behaviour
];

export const DROWSY = [
  "drowsy|very sleepy|really sleepy|so sleepy|lethargic|listless|sluggish|dazed", // named
  "@unrousable", // worse
];

export const SHOCK = ["@shock"];

export const VOMITING = ["vomit*|throwing up|threw up|being sick|been sick|was sick|keeps being sick|sick twice|sick three times|puking|puked|retching"];

export const HEAD_HIT = [
  "hit|hitting|banged|banging|bumped|bumping|smacked|knocked|whacked|cracked|struck|landed on ~4 @poss head|skull|forehead", // the blow
  "fell|fall|fallen|tripped|rolled ~8 head|skull|forehead", // a fall onto the head
  "head injury|head injuries|head trauma|head wound|concussion|concussed|head strike|headstrike|struck @poss head|hit @poss head", // named
  "knocked out|knocked unconscious|out cold ~8 fight|punch|punched|tackle|tackled|brawl|assault*|attacked|hit|kick|kicked|fall|fell", // knocked out by a blow
  "fight|punch|punched|tackle|tackled|brawl|assault*|attacked ~6 knocked out|knocked unconscious|out cold", // the blow first
];

export const BLOOD_THINNER = [
  "warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|edoxaban|lixiana|dabigatran|pradaxa|clopidogrel|plavix|heparin|enoxaparin|clexane", // named
  "blood thinner*|blood thinning|anticoagul*|thin @poss blood", // described
  "haemophilia|hemophilia|haemophiliac|hemophiliac|von willebrand|bleeding disorder|low platelets", // disorders
];

export const PREGNANT = [
  "pregnan*|expecting|with child|weeks along|weeks gone", // named
  "# weeks|# wks ~3 pregnant|along|gestation|gone", // "34 weeks pregnant"
  "# weeks|# wks", // "33 weeks, bad headache" (excepted below when it is an age or a time ago)
];

export const DIABETES = [
  "diabet*|type 1|type one|t1d|type 2|type two|t2d|insulin|blood sugar*|sugar level*|sugars|glucose|ketones|hypo|hypos", // named
];

export const YOUNG_CHILD = [
  "toddler|baby|infant|newborn|little one|little boy|little girl|preschooler", // small children
  "# month old|# months old|# mo old", // months
  "1 year old|2 year old|3 year old|4 year old|one year old|two year old|three year old|four year old", // under five
  "(1|2|3|4|one|two|three|four) years old|(1|2|3|4|one|two|three|four) yrs old", // under five
  "my son|my daughter|my kid|my child|my boy|my girl|our son|our daughter|our kid|our child|grandson|granddaughter", // own children
  "(my|our) (5|6|7|8|9|10|11|12|five|six|seven|eight|nine|ten|eleven|twelve) year old", // a child named by age: "my 6 year old"
];

export const INFANT = [
  "newborn*|new born|neonate|new baby", // named
  "@infant_age old", // "6 weeks old", "4 day old"
  "baby|infant|son|daughter|newborn|girl|boy|grandson|granddaughter ~2 @infant_age", // "baby (9 weeks)" (not "she had a fever a few days ago")
  "@infant_age ~3 baby|infant|son|daughter|boy|girl", // "6 week old baby"
];
