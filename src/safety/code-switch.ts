/**
 * Red-flag words of the languages people mix into English, in English: "mi esposo tiene dolor de
 * pecho" → "… chest pain", "him chest dey pain am" → "… chest is pain am", "nahimatay" → "fainted".
 * The rules read English only and a locale of another language is refused (locales.ts); these are
 * the words of a code-switched message under an English locale — Spanish and Portuguese (en-US,
 * en-GB), French (en-CA, en-GB), romanized Hindi/Urdu (en-IN, en-PK), Tagalog (en-PH), German,
 * Nigerian Pidgin (en-NG) and Singlish (en-SG) — chosen by concept (the catalogue's red flags, the
 * frames of context.ts), not from any one message. One entry a line: the words as normalize.ts
 * leaves them (lower case, accents stripped, hyphens and apostrophes spaced off), `#` for a number,
 * which is carried over. No key is English text whose meaning it would change (checked against
 * SCOWL's American word list when written; "somnolent" and Pidgin "don" are English words whose
 * meaning is kept or rare), and the labelled English sets normalize the same with and without it
 * (test/safety/triage-catalogue.test.ts).
 *
 * Applied word by word, longest key first (at most MAX_KEY_WORDS words), so its cost is linear in
 * the text.
 */

export const CODE_SWITCH: ReadonlyArray<readonly [string, string]> = [
  // Spanish and Portuguese: the heart and the chest
  ["dolor de pecho", "chest pain"], ["dolor en el pecho", "chest pain"], ["dor no peito", "chest pain"], ["aperto no peito", "chest tightness"],
  ["ataque al corazon", "heart attack"], ["ataque cardiaco", "heart attack"], ["infarto", "heart attack"],
  ["muy fuerte", "very severe"], ["muito forte", "very severe"], ["dolor fuerte", "severe pain"], ["dor terrivel", "severe pain"], ["dolor horrible", "severe pain"],
  ["dolor de", "pain in the"], ["dolor", "pain"], ["dor de", "pain in the"], ["dor", "pain"], ["muy rapido", "very fast"], ["muito rapido", "very fast"], ["hace ruido", "noisy"],
  ["sudando", "sweating"], ["suando", "sweating"], ["sudor frio", "cold sweat"], ["palido", "pale"], ["palida", "pale"],
  ["brazo izquierdo", "left arm"], ["brazo derecho", "right arm"], ["braco esquerdo", "left arm"], ["braco direito", "right arm"],
  ["se desmayo", "fainted"], ["desmayo", "fainted"], ["desmaiou", "fainted"], ["desmaio", "fainted"], ["inconsciente", "unconscious"],
  // … breathing
  ["no puede respirar", "cannot breathe"], ["no puedo respirar", "cannot breathe"], ["nao consegue respirar", "cannot breathe"], ["nao consigo respirar", "cannot breathe"],
  ["le cuesta respirar", "struggling to breathe"], ["dificultad para respirar", "difficulty breathing"], ["falta de aire", "short of breath"], ["falta de ar", "short of breath"],
  ["se esta ahogando", "is choking"], ["se ahoga", "is choking"], ["se engasgou", "is choking"], ["esta engasgado", "is choking"],
  ["labios azules", "blue lips"], ["labios morados", "blue lips"], ["labios azuis", "blue lips"], ["labios roxos", "blue lips"], ["azules", "blue"], ["azul", "blue"],
  ["no le esta funcionando", "is not working"], ["no funciona", "is not working"], ["nao funciona", "is not working"],
  ["no respiraba", "was not breathing"], ["nao respirava", "was not breathing"], ["no respira", "not breathing"], ["nao respira", "not breathing"],
  // … the brain
  ["no puede hablar", "cannot speak"], ["nao consegue falar", "cannot speak"], ["no puede mover", "cannot move"], ["nao consegue mexer", "cannot move"],
  ["de repente", "suddenly"], ["derrame", "stroke"], ["ictus", "stroke"], ["convulsiones", "seizure"], ["convulsionando", "seizure"], ["convulsao", "seizure"],
  ["no despierta", "will not wake"], ["nao acorda", "will not wake"], ["no responde", "not responding"], ["nao responde", "not responding"],
  ["confundido", "confused"], ["confundida", "confused"], ["somnoliento", "drowsy"], ["sonolento", "drowsy"], ["sonolenta", "drowsy"],
  ["cuello rigido", "stiff neck"], ["rigidez de nuca", "stiff neck"], ["pescoco rigido", "stiff neck"],
  // … blood, gut, fever, skin
  ["sangre", "blood"], ["sangue", "blood"], ["sangrando", "bleeding"], ["sangramento", "bleeding"], ["hemorragia", "haemorrhage"], ["mucha sangre", "a lot of blood"], ["muito sangue", "a lot of blood"],
  ["no para", "will not stop"], ["nao para", "will not stop"], ["cuspindo", "spitting"], ["escupiendo", "spitting"], ["amigdalas", "tonsils"],
  ["vomitando", "vomiting"], ["vomito", "vomiting"], ["vomitou", "vomited"], ["estomago", "stomach"], ["barriga", "belly"], ["vientre", "belly"], ["espalda", "back"], ["costas", "back"],
  ["duro como una piedra", "hard as a rock"], ["como una piedra", "like a rock"], ["como pedra", "like a rock"], ["dura como pedra", "hard as a rock"],
  ["fiebre alta", "high fever"], ["febre alta", "high fever"], ["fiebre", "fever"], ["febre", "fever"],
  ["manchas moradas", "purple spots"], ["manchas roxas", "purple spots"], ["no se quitan con el vaso", "do not fade under a glass"],
  ["hinchada", "swollen"], ["hinchado", "swollen"], ["inchada", "swollen"], ["inchado", "swollen"],
  ["diabetico", "diabetic"], ["diabetica", "diabetic"], ["azucar", "sugar"], ["acucar", "sugar"],
  // … children, pregnancy, older people
  ["bebe", "baby"], ["# semanas", "# weeks"], ["# meses", "# months old"], ["de # anos", "# years old"], ["hace # anos", "# years ago"], ["ha # anos", "# years ago"],
  ["se trago", "swallowed"], ["trago", "swallowed"], ["engoliu", "swallowed"], ["pila de boton", "button battery"], ["bateria de botao", "button battery"],
  ["moleira estufada", "bulging soft spot"], ["fontanela abombada", "bulging soft spot"], ["choro agudo", "high pitched cry"], ["llanto agudo", "high pitched cry"],
  ["no quiere comer", "not feeding"], ["no quiere mamar", "not feeding"], ["nao quer mamar", "not feeding"],
  ["embarazada", "pregnant"], ["gravida", "pregnant"], ["se me rompio la fuente", "my waters broke"], ["rompi fuente", "my waters broke"], ["rompeu a bolsa", "waters broke"], ["bolsa estourou", "waters broke"],
  ["contracciones", "contractions"], ["contracoes", "contractions"],
  ["abuela", "grandma"], ["abuelo", "grandpa"], ["avo", "grandma"], ["anoche", "last night"], ["toda la noche", "all night"], ["a noite toda", "all night"], ["ha estado", "has been"], ["ha sido", "has been"],
  ["se cayo", "fell"], ["caiu", "fell"], ["en el piso", "on the floor"], ["en el suelo", "on the floor"], ["no chao", "on the floor"],
  ["no se puede levantar", "cannot get up"], ["nao consegue levantar", "cannot get up"], ["cadera", "hip"], ["quadril", "hip"],
  // … overdose, self-harm, injury, the outdoors
  ["me tome", "i took"], ["como #", "about #"], ["hace una hora", "an hour ago"], ["ha uma hora", "an hour ago"],
  ["ya no puedo mas", "i cannot go on anymore"], ["no quiero vivir", "i do not want to live"], ["nadie me va a extranar", "nobody will miss me"],
  ["pastillas", "pills"], ["pastilhas", "pills"], ["comprimidos", "pills"], ["tomei", "i took"],
  ["me quiero morir", "i want to die"], ["quiero morir", "want to die"], ["quero morrer", "want to die"], ["me voy a matar", "i am going to kill myself"], ["vou me matar", "i am going to kill myself"], ["matarme", "kill myself"],
  ["hueso", "bone"], ["osso", "bone"], ["se ve el hueso", "can see the bone"], ["accidente de moto", "motorbike crash"], ["accidente de coche", "car crash"], ["acidente de carro", "car crash"],
  ["serpiente", "snake"], ["mordio", "bit"], ["mordeu", "bit"], ["se ahogo", "drowned"], ["se afogou", "drowned"], ["lejia", "bleach"], ["cloro", "bleach"],
  ["no veo", "cannot see"], ["nao vejo", "cannot see"], ["ojo", "eye"], ["olho", "eye"],
  // … frames
  ["mi perro", "my dog"], ["mi gato", "my cat"], ["mi tortuga", "my tortoise"], ["meu cachorro", "my dog"], ["meu gato", "my cat"], ["meu cavalo", "my horse"], ["el conejo", "the rabbit"], ["conejo", "rabbit"], ["coelho", "rabbit"], ["perro", "dog"], ["cachorro", "dog"], ["cavalo", "horse"],
  ["si algun dia", "if ever"], ["y si", "what if"], ["e se", "what if"], ["mi novela", "my novel"], ["una novela", "a novel"], ["meu livro", "my book"], ["para meu livro", "for my book"],
  ["pregunta de examen", "exam question"], ["prova de residencia", "exam question"], ["de nina", "as a child"], ["de nino", "as a child"],

  // French
  ["douleur thoracique", "chest pain"], ["douleur a la poitrine", "chest pain"], ["mal a la poitrine", "chest pain"], ["qui serre", "tight"], ["crise cardiaque", "heart attack"],
  ["il transpire", "he is sweating"], ["elle transpire", "she is sweating"], ["sueurs", "sweating"], ["avc", "stroke"],
  ["ne respire plus", "not breathing"], ["du mal a respirer", "struggling to breathe"], ["j ai du mal a respirer", "i am struggling to breathe"], ["etouffe", "choking"],
  ["saigne beaucoup", "bleeding heavily"], ["saigne", "bleeding"], ["du sang", "blood"], ["de sang", "blood"], ["le sang", "blood"],
  ["selles noires", "black stools"], ["goudron", "tar"], ["vomi", "vomited"], ["vomissements", "vomiting"], ["vomit vert", "vomiting green"],
  ["mal au ventre", "stomach pain"], ["douleurs au ventre", "stomach pain"], ["ventre", "stomach"], ["douleur tres forte", "severe pain"], ["testicule", "testicle"],
  ["fievre", "fever"], ["frissons", "chills"], ["chimio", "chemo"], ["enceinte", "pregnant"], ["# semaines", "# weeks"],
  ["bebe de # mois", "# months old baby"], ["# mois", "# months old"], ["de # ans", "# years old"], ["il y a # ans", "# years ago"], ["tout mou", "floppy"], ["toute molle", "floppy"], ["ne boit plus", "not feeding"],
  ["eau de javel", "bleach"], ["javel", "bleach"], ["a bu", "drank"], ["bave", "drooling"], ["tousse", "coughing"],
  ["se tuer", "kill himself"], ["me tuer", "kill myself"], ["me suicider", "kill myself"], ["se suicider", "kill himself"], ["message d adieu", "goodbye message"], ["lettre d adieu", "goodbye letter"], ["ce soir", "tonight"],
  ["somniferes", "sleeping pills"], ["toute la boite", "the whole box"], ["j ai pris", "i took"], ["somnolent", "drowsy"], ["somnolente", "drowsy"], ["confus", "confused"],
  ["renverse par une voiture", "hit by a car"], ["mordre par un serpent", "bitten by a snake"], ["mordu par un serpent", "bitten by a snake"], ["nausees", "nausea"],
  ["balle", "ball"], ["dans", "in"], ["devant", "in front of"],
  ["mon chat", "my cat"], ["mon chien", "my dog"], ["ma chienne", "my dog"], ["ma tortue", "my tortoise"], ["mon lapin", "my rabbit"], ["mon cheval", "my horse"], ["chien", "dog"], ["tortue", "tortoise"],
  ["oeil", "eye"], ["voit pas bien", "cannot see properly"], ["ne voit plus", "cannot see"], ["est tombee", "fell"], ["est tombe", "fell"], ["diabetique", "diabetic"], ["le lecteur affiche", "the meter says"],
  ["si jamais", "if ever"], ["imaginons", "imagine"], ["pour mon roman", "for my novel"], ["mon roman", "my novel"], ["ma piece de theatre", "my play"], ["fiche de revision", "revision notes"], ["question d ecn", "exam question"],

  // Hindi / Urdu, romanized
  ["seene mein dard", "chest pain"], ["chest mein", "in the chest"], ["dil ka daura", "heart attack"], ["pasina", "sweating"], ["dard", "pain"], ["bahut tez", "very severe"],
  ["tez bukhar", "high fever"], ["bukhar", "fever"], ["tez saans", "fast breathing"], ["saans lene mein taklif", "difficulty breathing"], ["saans nahi", "not breathing"], ["saans", "breathing"],
  ["sar dard", "headache"], ["sir dard", "headache"], ["pet mein dard", "stomach pain"], ["behosh", "unconscious"], ["behoshi", "unconscious"], ["chakkar", "dizzy"], ["ulti", "vomiting"],
  ["khoon", "blood"], ["neele", "blue"], ["neela", "blue"], ["hoth", "lips"], ["honth", "lips"], ["aankh", "eye"], ["sujh gaye", "swollen"], ["sujan", "swelling"], ["soojan", "swelling"],
  ["gir gaye", "fell"], ["gir gayi", "fell"], ["gir gaya", "fell"], ["kaat liya", "bit"], ["achanak", "suddenly"], ["pehchan nahi", "does not recognise"], ["pasliyan andar", "chest sucking in"],
  ["# saal ka", "# year old"], ["# saal ki", "# year old"], ["# saal ke", "# years old"], ["# mahine ka", "# month old"], ["# mahine ki", "# month old"], ["# saal pehle", "# years ago"],
  ["pet mein bahut dard", "severe stomach pain"], ["bahut dard", "severe pain"], ["bahut", "very"], ["meri", "my"], ["mera", "my"], ["chala gaya", "went"], ["mein", "in"], ["kitna hota hai", "how much is it"], ["kitna", "how much"],
  ["billi", "cat"], ["kutta", "dog"], ["kutte", "dog"],
  ["agar kabhi", "if ever"], ["meri kahani mein", "in my story"], ["kahani", "story"], ["koi feeling nahi", "no feeling"],

  // Tagalog
  ["nahimatay", "fainted"], ["nahihilo", "dizzy"], ["nabilaukan", "choking"], ["hindi makahinga", "cannot breathe"], ["hirap huminga", "struggling to breathe"], ["hirap siyang huminga", "struggling to breathe"],
  ["namamaga", "swollen"], ["nagsusuka", "vomiting"], ["dinudugo", "bleeding heavily"], ["dugo", "blood"], ["mataas na lagnat", "high fever"], ["lagnat", "fever"], ["nanginginig", "shaking"],
  ["hindi gumigising", "will not wake"], ["hindi magising", "will not wake"], ["ayaw gumising", "will not wake"], ["malata", "floppy"], ["ayaw dumede", "not feeding"], ["mahina ang iyak", "weak cry"],
  ["buntis", "pregnant"], ["matinding sakit", "severe pain"], ["sobrang sakit", "severe pain"], ["tiyan", "stomach"], ["nadulas", "slipped"], ["hindi makatayo", "cannot get up"],
  ["sinaksak", "stabbed"], ["nakuryente", "electric shock"], ["nainom", "drank"], ["nalunod", "drowned"], ["malabo", "blurry"], ["hindi pa rin tumitigil", "still not stopping"], ["nag iihi", "peeing"],
  ["tatlong", "three"], ["anak ko", "my child"], ["pang linis ng banyo", "toilet cleaner"], ["sabi niya", "he says"], ["paso", "burn"], ["sa kamay", "on the hand"], ["aso", "dog"], ["pusa", "cat"],
  ["paano kung", "what if"], ["kung sakaling", "in case"], ["nung bata ako", "as a child"], ["sa kwento ko", "in my story"],

  // German
  ["kann nicht mehr sprechen", "cannot speak"], ["kann nicht sprechen", "cannot speak"], ["kann nicht atmen", "cannot breathe"], ["plotzlich", "suddenly"], ["brustschmerzen", "chest pain"],

  // Voice typing: red-flag words as speech-to-text mishears them (only where the result is not English)
  ["having a sees her", "having a seizure"], ["having a seize her", "having a seizure"], ["had a sees her", "had a seizure"], ["heart a tack", "heart attack"], ["anna flax is", "anaphylaxis"],

  // Nigerian Pidgin and Singlish
  ["no fit", "cannot"], ["no gree", "will not"], ["no dey", "not"], ["dey", "is"], ["don", "has"], ["pikin", "child"], ["abeg", "please"], ["comot", "out"], ["wetin", "what"],
  ["well well", "badly"], ["motor jam", "hit by a car"], ["sugar sickness", "diabetes"], ["groundnut", "peanut"], ["pengsan", "faint"], ["ah ma", "grandma"], ["ah gong", "grandpa"],
];

/** The longest key, in words. */
export const MAX_KEY_WORDS = 6;

const NUMBER = /^\d+(·\d+)?$/;
const table = new Map<string, string>();
/** Words a key starts with ("#" for a number): every other word is passed over with one lookup. */
const firstWords = new Set<string>();
for (const [from, to] of CODE_SWITCH) {
  table.set(from, to);
  firstWords.add(from.split(" ")[0]!);
}

/** Code-switched red-flag words in English, over text already lower-cased and spaced into words. */
export function translateCodeSwitch(text: string): string {
  const words = text.split(" ");
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const first = words[i]!;
    if (!firstWords.has(first) && !(NUMBER.test(first) && firstWords.has("#"))) {
      out.push(first);
      i++;
      continue;
    }
    // The longest key that matches here, a number standing for "#" in it (carried into the English).
    let best: { n: number; to: string } | undefined;
    let key = "";
    let number: string | undefined;
    for (let n = 1; n <= MAX_KEY_WORDS && i + n <= words.length; n++) {
      const w = words[i + n - 1]!;
      const isNumber = number === undefined && NUMBER.test(w);
      if (isNumber) number = w;
      key += (n > 1 ? " " : "") + (isNumber ? "#" : w);
      const to = table.get(key);
      if (to !== undefined) best = { n, to: number !== undefined ? to.replace("#", number) : to };
    }
    if (best) {
      out.push(best.to);
      i += best.n;
    } else {
      out.push(first);
      i++;
    }
  }
  return out.join(" ");
}
