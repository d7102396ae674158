/** Eyes, ears, nose and throat: chemical and penetrating eye injury, sudden loss of sight, epiglottitis, nosebleeds. */
import type { Presentation } from "./types.ts";
import { BLOOD_THINNER } from "./concepts.ts";

export const EYE_ENT: Presentation[] = [
  {
    id: "eye_chemical",
    label: "chemical or object in the eye",
    category: "eye-ent",
    level: "emergency",
    basis: "NHS: chemicals or a sharp object in the eye need A&E now (rinse the eye first); MTS 'chemical eye injury'",
    any: [
      "@chemical|chemical|chemicals|acid|alkali|cement|lime|ammonia|caustic|oven cleaner|cleaning spray|hair dye|superglue|glue ~6 in @poss eye|in @poss eyes|into @poss eye|into @poss eyes", // a chemical
      "splash*|squirted|sprayed ~6 in @poss eye|in @poss eyes|into @poss eye|into @poss eyes", // splashed
      "metal|glass|shard|splinter|wire|nail|knife|dart|stick|shrapnel|fish hook|fishhook ~4 in @poss eye|into @poss eye|stuck in @poss eye|sticking out of @poss eye", // penetrating
      "eye ~4 cut|pierced|punctured|burst|bleeding inside|leaking", // open globe
    ],
  },
  {
    id: "eye_chemical_any_order",
    label: "chemical or object in the eye",
    category: "eye-ent",
    level: "emergency",
    basis: "NHS: chemicals in the eye need A&E now (rinse the eye first); the chemical and the eye said in any order ('bleach went in my eye', 'my eye, bleach got in it')",
    near: [["@chemical|acid|alkali|cement|ammonia|caustic"], ["eye|eyes"]],
    nearWords: 5,
  },
  {
    id: "sudden_vision_loss",
    label: "sudden loss of sight or a curtain over the vision",
    category: "eye-ent",
    level: "emergency",
    basis: "NHS: sudden loss of vision, or a shadow or curtain across it (retinal detachment), needs A&E or urgent eye care now; with headache it can be a stroke or giant cell arteritis",
    any: [
      "sudden*|all of a sudden|out of nowhere|just now ~5 cannot see|blind|went dark|went black|gone dark|gone black|blurred vision|double vision|lost vision|lost sight|lost @poss vision|lost @poss sight|lost the sight", // sudden loss
      "sudden*|all of a sudden|out of nowhere|just now ~5 loss of vision|loss of sight|vision loss|sight loss|blindness|dimming|dimmed", // named
      "loss of vision|loss of sight|vision loss|sight loss|blindness ~4 one eye|@poss eye|@poss left eye|@poss right eye", // one eye
      "cannot see ~4 out of @poss|in @poss|in one|with @poss ~2 eye", // one eye
      "lost @poss vision|lost @poss sight|lost vision|lost sight|lost the sight ~4 eye", // one eye
      "eye ~4 cannot see|gone dark|gone black|went dark|went black|lost vision|gone blind", // one eye
      "vision ~3 gone|went dark|went black", // vision gone
      "lose|losing|lost ~2 the vision|the sight|vision|sight|@poss vision|@poss sight ~4 one eye|@poss eye|an eye|left eye|right eye", // "lose the vision in one eye"
      "like a curtain|curtain ~3 came down|coming down|over|across", // retinal detachment
      "cannot see anything|cannot see a thing|can only see darkness|just darkness|everything went black|everything went dark|total darkness", // total
      "curtain|shadow|veil|black cloud|dark cloud|blind ~4 came down|coming down|coming across|over @poss vision|across @poss vision|in @poss vision|over @poss eye|across @poss eye|side of @poss vision", // detachment
      "flashes|floaters ~6 shadow|curtain|veil", // detachment
    ],
    except: ["cannot see ~2 properly|clearly|well|very well|as well|straight"],
  },
  {
    id: "acute_glaucoma",
    label: "painful red eye with blurred vision and haloes",
    category: "eye-ent",
    level: "emergency",
    basis: "NHS acute angle-closure glaucoma: a painful red eye with blurred vision, haloes round lights, headache and vomiting needs A&E",
    all: [
      ["eye ~4 pain*|painful|hurts|agony|red|throbbing", "painful|red ~2 eye"],
      ["halo|haloes|halos|rings round lights|rings around lights|blurred|blurry|misty|cloudy|foggy", "rings|circles|rainbows ~3 around|round ~2 lights", "vomit*|throwing up|being sick|been sick"],
      ["halo|haloes|halos|rings round lights|rings around lights|vomit*|throwing up|been sick|sudden*", "rings|circles|rainbows ~3 around|round ~2 lights"],
    ],
  },
  {
    id: "eye_blow_vision",
    label: "eye injury with loss of sight",
    category: "eye-ent",
    level: "emergency",
    basis: "NHS: an injury to the eye that affects sight needs A&E",
    all: [
      ["hit|punched|struck|smacked|poked|whacked|ball|elbow|elbowed|kicked|headbutted ~6 eye", "black eye"],
      ["cannot see|blind|darkness|went black|went dark|barely see|hardly see", "lost @poss vision|lost @poss sight|lost vision|lost sight", "vision ~3 gone", "blood ~3 in @poss eye", "blood ~4 coloured part|colored part|iris|front of @poss eye|front of the eye", "pupil ~4 odd|weird|big|strange|shape"],
    ],
  },
  {
    id: "epiglottitis",
    label: "drooling, cannot swallow and noisy breathing",
    category: "eye-ent",
    level: "emergency",
    basis: "NHS epiglottitis: drooling, difficulty swallowing, noisy high-pitched breathing, leaning forward — call 999",
    all: [
      ["drool*|dribbling|cannot swallow @poss own spit|cannot swallow @poss saliva|cannot swallow spit|cannot swallow saliva|spitting out saliva"],
      ["cannot swallow|high pitched|noisy breath*|stridor|leaning forward|sitting forward|cannot breathe|struggling to breathe|muffled voice|hot potato"],
    ],
  },
  {
    id: "nosebleed_severe",
    label: "nosebleed that will not stop, or on blood thinners",
    category: "eye-ent",
    level: "emergency",
    basis: "NHS nosebleeds: go to A&E if bleeding lasts over 10–15 minutes despite pressure, is heavy, you swallow a lot of blood, or you take blood thinners",
    all: [
      ["nosebleed*|nose bleed*|bleeding from @poss nose", "nose ~3 bleeding|pouring|gushing"],
      [
        ...BLOOD_THINNER,
        "10|15|20|25|30|40|45|50|##|fifteen|twenty|thirty|forty|forty five ~2 minutes|mins|min", // long
        "an hour|over an hour|half an hour|hours", // long
        "will not stop|not stopping|cannot stop|does not stop|keeps going|pouring|gushing|streaming|soaking|back of @poss throat|lots of blood|so much blood", // heavy
        "swallowing ~3 blood", // heavy
      ],
    ],
  },
];
