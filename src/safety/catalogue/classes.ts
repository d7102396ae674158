/**
 * Word classes the catalogue's phrases name with `@` (see phrase.ts). Each line is one
 * alternative, itself in phrase notation.
 */
import type { WordClasses } from "./phrase.ts";

export const CLASSES: WordClasses = {
  /** Whose body: "my chest", "his arm", "the baby's face" (possessive 's is spaced off by normalize). */
  poss: ["my", "his", "her", "their", "your", "our", "the", "its"],
  /** Someone other than the writer, as a subject. */
  person: [
    "he", "she", "they", "him", "her", "them",
    "husband|wife|partner|boyfriend|girlfriend|fiance|fiancee",
    "mum|mom|mother|dad|father|parent*|grandma|grandmother|grandpa|grandfather|gran|granny|nan|nana|nanna|grandad|granddad|grandparent*",
    "son|daughter|child|children|kid|kids|baby|toddler|infant|boy|girl|teen|teenager",
    "brother|sister|sibling|uncle|aunt|auntie|cousin|nephew|niece",
    "friend|mate|flatmate|roommate|housemate|colleague|coworker|neighbour|neighbor|boss|client|patient|resident",
    "man|woman|guy|lady|bloke|person|someone|somebody|stranger|driver|cyclist|passenger|player|student",
  ],
  /** Medicines and drugs by name or kind, as people write them. */
  med: [
    "paracetamol|acetaminophen|tylenol|panadol|calpol|co_codamol|cocodamol|codeine|ibuprofen|nurofen|advil|motrin|aspirin|naproxen",
    "tramadol|morphine|oxycodone|oxycontin|oxy|oxys|percocet|vicodin|hydrocodone|fentanyl|methadone|buprenorphine|subutex|heroin|opioid*|opiate*",
    "diazepam|valium|xanax|alprazolam|lorazepam|clonazepam|benzo|benzos|benzodiazepine*|zopiclone|zolpidem|ambien|sleeping_pills|sleeping_tablets|sleepers",
    "antidepressant*|amitriptyline|sertraline|zoloft|citalopram|fluoxetine|prozac|mirtazapine|venlafaxine|quetiapine|seroquel|lithium|olanzapine",
    "insulin|metformin|gliclazide|warfarin|digoxin|propranolol|beta_blocker*|amlodipine|blood_pressure_tablets|blood_pressure_pills|heart_pills|heart_tablets|iron_tablets|iron_pills|vitamins",
    "painkiller*|pain_killers|pills|tablets|capsules|meds|medication*|medicine*|prescription|prescriptions|pill|tablet",
  ],
  /** Household and other chemicals that are poisons when swallowed. */
  chemical: [
    "bleach|detergent|laundry_pod*|laundry_capsule*|laundry_liquid|dishwasher_tablet*|dishwasher_pod*|dishwasher_liquid|dishwasher_detergent|dishwasher_powder|washing_liquid|fabric_softener|fabric_conditioner|washing_up_liquid|drain_cleaner|oven_cleaner|toilet_cleaner|cleaning_product*|cleaning_fluid|disinfectant",
    "antifreeze|screenwash|weed_killer|weedkiller|rat_poison|slug_pellets|pesticide*|insecticide*|bug_spray|paraquat",
    "methanol|white_spirit|lighter_fluid|paint_thinner|petrol|gasoline|kerosene|lamp_oil|turps|turpentine|nail_polish_remover|acetone",
    "e_liquid|vape_liquid|liquid_nicotine|nicotine_liquid|button_batter*|batter*|magnet*|poison",
  ],
  /** Quantities that make a dose an overdose. */
  many: [
    "##",
    "ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozen|dozens|many|so many|loads|lots",
    "a_dozen|a_load_of|a_lot_of|loads_of|lots_of|a_bunch_of|a_handful_of|handful*|a_fistful_of|the_lot|everything|all_of_them|all_of_it",
    "all [of] @poss",
    "a_whole|the_whole|whole|an_entire|the_entire|entire|a_full|full|the_rest_of",
  ],
  /** Containers: "a whole strip", "the bottle". */
  pack: ["pack|packet|packs|packets|box|boxes|bottle|bottles|strip|strips|blister|blister_pack|prescription|supply"],
  /** Verbs of taking in, slang included. */
  swallowed: [
    "took|taken|take|taking|swallowed|swallow|swallowing|ate|eaten|eating|had|drank|drunk|drinking|downed|necked|popped|chugged|gulped",
    "knocked_back|scoffed|injected|snorted|overdid|shot_up|got_into|ingested|ingestion|ingesting",
  ],
  /** A young child. */
  child: [
    "toddler|baby|babies|infant|little_one|little_boy|little_girl|kid|kids|child|son|daughter|boy|girl|niece|nephew|grandson|granddaughter",
    "#_month_old|#_months_old|#_year_old|#_years_old|#_yo|#_yr_old|one_year_old|two_year_old|three_year_old|four_year_old|five_year_old",
  ],
  /** Ages under three months, written out. */
  infant_age: [
    "#_day|#_days|#_week|#_weeks|#_wk|#_wks|one_week|two_week|three_week|four_week|five_week|six_week|two_weeks|three_weeks|four_weeks|five_weeks|six_weeks|seven_weeks|eight_weeks|nine_weeks|ten_weeks|eleven_weeks|twelve_weeks",
    "1_month|2_month|1_months|2_months|one_month|two_month|two_months|a_month|a_few_days|a_few_weeks|couple_of_weeks",
  ],
  /** Getting worse or coming on fast. */
  sudden: ["sudden|suddenly|all_of_a_sudden|out_of_nowhere|out_of_the_blue|came_on_fast|just_now|in_seconds|in_minutes|within_minutes|without_warning|abrupt*"],
  /** Not waking or responding. */
  unrousable: [
    "unconscious|unresponsive|unrousable|out_cold|passed_out|blacked_out|knocked_out|not_responding|not_responsive|not_waking|floppy|limp|lifeless",
    "will_not_wake|would_not_wake|cannot_wake|can_not_wake|cannot_be_woken|hard_to_wake|hard_to_rouse|difficult_to_wake|difficult_to_rouse|does_not_wake|does_not_respond|barely_responding|barely_responsive|barely_conscious|barely_awake|hardly_responding",
    "drifting_in_and_out|in_and_out_of_consciousness|going_in_and_out|will_not_respond|not_responding_to|cannot_keep_him_awake|cannot_keep_her_awake|cannot_stay_awake",
    "cannot keep @poss eyes open",
  ],
  /** Body parts of the head and neck that swell in anaphylaxis. */
  airway_part: ["throat|tongue|lip|lips|face|mouth|eyelids|eyes|neck|voice|airway|windpipe"],
  /** Signs of shock or collapse that turn many presentations into emergencies. */
  shock: [
    "faint*|fainted|passed_out|collapsed|collapse|keeled_over|blacked_out|nearly_passed_out|almost_passed_out|nearly_fainted|almost_fainted",
    "grey|gray|ashen|pale_and_sweaty|white_as_a_sheet|clammy|cold_and_clammy|cold_sweat|sweating_buckets|drenched_in_sweat|mottled",
    "dizzy when [i] stand*",
    "black out|pass out|gonna faint|going to faint|going to pass out|about to pass out|about to faint|feel faint|feeling faint",
    "dizzy_on_standing|lightheaded|light_headed|woozy|cannot_stand_up|cannot_stay_upright|syncope|syncopal|presyncope|presyncopal|very_pale|wobbly",
    "blood_pressure_is_low|low_blood_pressure|bp_is_low|racing_heart|heart_racing|weak_pulse|thready_pulse",
  ],
};
