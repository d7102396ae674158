/**
 * The triage catalogue and its phrase notation: every phrase compiles, the notation means what
 * src/safety/catalogue/phrase.ts says, no phrase without a gap has a lone function word as an alternative (the usual slip
 * when a slot was meant: "after|since c section" instead of "(after|since) c section"), and the
 * messages named in issue 23 come out as they should.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CATEGORIES, CLASSES, EMERGENCY_CATALOGUE, URGENT_CATALOGUE } from "../../src/safety/catalogue/index.ts";
import { compilePhrase } from "../../src/safety/catalogue/phrase.ts";
import { triage } from "../../src/safety/index.ts";
import { InvalidArgumentError } from "../../src/errors.ts";

const all = [...EMERGENCY_CATALOGUE, ...URGENT_CATALOGUE];
const phrasesOf = (p: (typeof all)[number]) => [...(p.any ?? []), ...(p.all ?? []).flat(), ...(p.except ?? [])];
/** `near` groups are single-word concept vocabularies: lone words ("not", "will") are what they list. */
const nearPhrasesOf = (p: (typeof all)[number]) => (p.near ?? []).flat();

test("every presentation is well formed and every category has emergencies", () => {
  const ids = new Set<string>();
  for (const p of all) {
    assert.ok(!ids.has(p.id), `duplicate id ${p.id}`);
    ids.add(p.id);
    assert.ok(p.label && p.basis.length > 20, p.id);
    assert.ok(CATEGORIES.includes(p.category), `${p.id}: ${p.category}`);
    assert.ok((p.any?.length ?? 0) + (p.all?.length ?? 0) + (p.near?.length ?? 0) > 0, `${p.id} has no phrases`);
    assert.ok(!p.near || p.near.length >= 2, `${p.id}: near needs two concepts or more`);
    for (const ph of [...phrasesOf(p), ...nearPhrasesOf(p)]) compilePhrase(ph, CLASSES);
  }
  for (const c of CATEGORIES) assert.ok(EMERGENCY_CATALOGUE.some((p) => p.category === c), `no emergency presentation for ${c}`);
});

const FUNCTION_WORDS = new Set(["after", "since", "on", "in", "to", "of", "the", "a", "an", "and", "or", "with", "my", "at", "for", "from", "is", "it", "take", "taking", "end", "ending"]);
test("no phrase without a gap has a lone function word as an alternative", () => {
  for (const p of all) {
    for (const ph of phrasesOf(p).filter((x) => !x.includes("~"))) {
      for (const stretch of [ph]) {
        const alts = stretch.split(/\|(?![^([]*[)\]])/).map((a) => a.trim());
        if (alts.length < 2) continue;
        for (const a of alts) assert.ok(!FUNCTION_WORDS.has(a), `${p.id}: "${a}" stands alone in "${ph}"`);
      }
    }
  }
});

test("the phrase notation", () => {
  const m = (phrase: string, text: string) => [...text.matchAll(compilePhrase(phrase, CLASSES).regex)].map((x) => x[0]);
  assert.deepEqual(m("chest pain|chest ache", "bad chest ache now"), ["chest ache"]);
  assert.deepEqual(m("(clutching|holding) @poss chest", "he is holding his chest"), ["holding his chest"]);
  assert.deepEqual(m("bleed* ~3 will not stop", "the bleeding really will not stop"), ["bleeding really will not stop"]);
  assert.deepEqual(m("bleed* ~3 will not stop", "it was bleeding . it will not stop"), [], "a gap never crosses a sentence end");
  assert.deepEqual(m("[really] bad pain", "really bad pain and bad pain"), ["really bad pain", "bad pain"]);
  assert.deepEqual(m("temp ~2 39·#|40", "temp of 39·5"), ["temp of 39·5"]);
  assert.deepEqual(m("sats ~2 8#", "sats are 84 and 94"), ["sats are 84"]);
  assert.deepEqual(m("took ~2 ## pills", "took 5 pills then took 30 pills"), ["took 30 pills"]);
  assert.deepEqual(m("pain", "painful"), [], "whole words only");
  assert.ok(compilePhrase("not breathing", CLASSES).ownNegation);
  assert.throws(() => compilePhrase("Chest", CLASSES), InvalidArgumentError);
  assert.throws(() => compilePhrase("~ chest", CLASSES), InvalidArgumentError);
  assert.throws(() => compilePhrase("@nosuchclass chest", CLASSES), InvalidArgumentError);
  assert.throws(() => compilePhrase("chest pain!", CLASSES), InvalidArgumentError);
});

test("the messages of issue 23", () => {
  const level = (t: string) => triage(t).level;
  assert.equal(level("just necked a whole pack of paracetamol lol what happens now"), "emergency");
  assert.equal(level("I don't see the point anymore, I've been saving up my pills"), "emergency");
  assert.equal(level("I can't breathe through my nose because of my cold"), "routine");
  for (const t of [
    "my lips and tongue are swelling up and I feel faint after eating prawns",
    "our newborn is floppy and not feeding",
    "terrible stomach pain and I fainted on the bathroom floor, my belly is rock hard",
    "started a new antibiotic this morning and now my face and lips are swelling up",
    "sudden loss of vision in my right eye with a bad headache",
    "after the car crash my brother says he can't feel his legs",
  ]) assert.equal(level(t), "emergency", t);
});

test("frames: exam questions, fiction, pets, hypotheticals and history are routine; negation holds", () => {
  for (const t of [
    "Exam question: a 60-year-old man presents with crushing chest pain radiating to his jaw. Next step?",
    "In my novel the hero is stabbed and bleeding heavily; how long could he keep going?",
    "my dog ate a whole bar of chocolate and is vomiting",
    "if someone ever swallowed bleach, what should you do?",
    "I had a heart attack three years ago and I'm fine now; what should I eat?",
    "no chest pain, no shortness of breath, just a runny nose",
    "my boss is going to kill me if I'm late",
  ]) assert.equal(triage(t).level === "emergency", false, t);
  assert.equal(triage("my dog bit my son's face and it won't stop bleeding").level, "emergency");
  assert.equal(triage("I had a stroke five years ago but now my face is drooping again").level, "emergency");
});

test("any input gives one of the three levels, quickly and without throwing", () => {
  const odd = ["", " ", "🙂🙂🙂", "\u0000\u0007", "a".repeat(50_000), "chest ".repeat(5_000), "???!!!...", "douleur thoracique", "сильная боль в груди", "#### ~~~ ||| [[[ ((( @@@", "38.5.5.5 39·9", "can't can't won't"];
  for (const t of [...odd, null as unknown as string, 42 as unknown as string]) {
    const r = triage(t);
    assert.ok(["emergency", "urgent", "routine"].includes(r.level), String(t).slice(0, 20));
  }
});

test("near: concepts in any order within a few words; each still negated, history or excepted on its own", () => {
  const level = (t: string) => triage(t).level;
  for (const t of ["the blood is coming out of his arm in spurts", "spurting blood from his arm", "his arm, the blood spurts out", "blood soaked the third towel already", "towel after towel soaking with blood"]) {
    assert.equal(level(t), "emergency", t);
  }
  assert.equal(level("there was no blood and nothing spurting"), "routine");
  assert.equal(level("years ago the blood was spurting from his arm, he is fine now"), "routine");
  assert.equal(level("my blood pressure is soaring a lot this week"), "routine"); // excepted: blood pressure
  // Too far apart: one concept in one sentence, the other ten words on.
  assert.equal(level("I gave blood on tuesday at the clinic near the station and afterwards we went for a lot of cake"), "routine");
  assert.equal(level("my nan is 91, she went down in the kitchen and we cannot get her up"), "emergency");
  assert.equal(level("he keeps saying he will jump, he is on the balcony"), "emergency");
  assert.equal(level("going to jump on a train to leeds later"), "routine");
});

test("context: what unseen-f's requests to an assistant taught (each a pattern, both ways)", () => {
  const level = (t: string) => triage(t).level;
  // "'s" before a participle is "has": "she's stopped shivering" is a sign, not "she is stopped".
  assert.equal(level("she's stopped shivering and she's mumbling, her clothes are soaked, it's 2 degrees out"), "emergency");
  // A history in brackets belongs to the bracket.
  assert.equal(level("throwing up green stuff, my belly is swollen (had a knee operation last year)"), "emergency");
  assert.equal(level("I had a stroke last year (fully recovered)"), "routine");
  // "back in" is history only before a time: "pops back in" is not.
  assert.equal(level("my hernia normally pops back in but now it is stuck and I have been sick"), "emergency");
  assert.equal(level("back in 2015 my hernia was stuck and I was sick"), "routine");
  // Material made for others frames a message only when nothing is happening to anyone now.
  assert.equal(level("help me write a blog post on what anaphylaxis does to the body"), "routine");
  assert.equal(level("I am writing a leaflet: when is an overdose an emergency?"), "routine");
  assert.equal(level("making a poster for work, but first: my throat is closing up after a bee sting"), "emergency");
  // Drafting a scene is fiction; "if a kid ever…" is hypothetical.
  assert.equal(level("draft a tense scene where a man on a ledge threatens to jump"), "routine");
  assert.equal(level("if a toddler ever swallowed a magnet would it show on an x-ray?"), "routine");
  // A note is a goodbye only with the people it is for: "a safety note" is not.
  assert.equal(level("writing a safety note for the toy shop about magnets"), "routine");
  assert.equal(level("I have written a note to my family and I am ready"), "emergency");
  // People affected together are people, even with a cat in the house.
  assert.equal(level("the boiler smells funny, all 4 of us have headaches and feel sick, the cat is sleepy"), "emergency");
  // "Book" opens fiction only as a label.
  assert.equal(level("book recommendations? he suddenly can't find his words and his right arm went weak"), "emergency");
});

test("code-switched red-flag words are read in English; English text is left as it was", async () => {
  const { normalizeForTriage } = await import("../../src/safety/normalize.ts");
  const { readFileSync, readdirSync } = await import("node:fs");
  const dir = new URL("./data/", import.meta.url);
  // Every English labelled set normalizes the same with and without the code-switch glossary.
  for (const file of readdirSync(dir).filter((f) => /^triage-(set|unseen-[a-f])\.jsonl$/.test(f))) {
    for (const line of readFileSync(new URL(file, dir), "utf8").trim().split("\n")) {
      const { text } = JSON.parse(line) as { text: string };
      assert.equal(normalizeForTriage(text), normalizeForTriage(text, { codeSwitch: false }), `${file}: ${text}`);
    }
  }
  // Numbers are carried into the English; accents and French elisions do not hide a word.
  assert.equal(normalizeForTriage("Mi hijo de 3 años se tragó una pila de botón"), "mi hijo 3 years old swallowed una button battery");
  assert.equal(normalizeForTriage("il y a 10 ans"), "10 years ago");
  assert.match(normalizeForTriage("J'ai pris toute la boîte"), /^i took the whole box$/);
  const level = (t: string) => triage(t).level;
  assert.equal(level("mi esposo tiene dolor de pecho muy fuerte y está sudando"), "emergency");
  assert.equal(level("Papa ko seene mein dard hai, pasina aa raha hai, going to his left arm"), "emergency");
  assert.equal(level("si Lolo nahimatay and now hindi gumigising"), "emergency");
  assert.equal(level("abeg my pikin no fit breathe, him lips don turn blue"), "emergency");
  // Frames and pets are read too: a past, a story, another language's dog.
  assert.equal(level("hace 5 años mi papá tuvo un infarto, now he is fine. Can he fly?"), "routine");
  assert.equal(level("Pour mon roman, un personnage fait une overdose"), "routine");
  assert.equal(level("mi perro comió chocolate y está temblando"), "routine");
  // An English "mere" or "don" keeps its meaning where it matters.
  assert.equal(level("it was a mere scratch, I don a plaster and carry on"), "routine");
});

test("context: what unseen-h's hedged questions taught (each a pattern, both ways)", () => {
  const level = (t: string) => triage(t).level;
  // "Is it bad if…" asks about a fact; "what if…" and "would I know if…" stay hypothetical.
  assert.equal(level("is it a big deal if my heart rate is 190 and I feel dizzy and short of breath?"), "emergency");
  assert.equal(level("what if my heart rate went to 190 and I felt dizzy?"), "routine");
  assert.equal(level("would I know if I was having a stroke?"), "routine");
  // "not get better" keeps what follows current, as "has not stopped" does; "no chest pain" is still negated.
  assert.equal(level("my asthma did not get better after 10 puffs of the blue inhaler"), "emergency");
  assert.equal(level("no chest pain, no breathlessness, just a cough"), "routine");
  // Adrenaline used is always an emergency; asking whether to use it is not.
  assert.equal(level("is it ok to wait after using an EpiPen? she seems better"), "emergency");
  assert.equal(level("I think I'm allergic to shellfish, should I use an EpiPen?"), "routine");
  // Someone in general is no one now; a subject is not a person.
  assert.equal(level("is it normal to panic when someone is choking? what's the right first aid?"), "routine");
  assert.equal(level("do suicide rates go up in winter?"), "routine");
  assert.equal(level("my brother sent a message saying goodbye and now he won't answer his phone"), "emergency");
});

test("context: what unseen-i's bystanders taught (each a pattern, both ways)", () => {
  const level = (t: string) => triage(t).level;
  // An animal seen in public is an animal; a person bitten by one is still a person.
  assert.equal(level("a dog in the park has collapsed in the heat and is panting"), "routine");
  assert.equal(level("a dog bit my hand and it is bleeding heavily and will not stop"), "emergency");
  // "Has stopped sweating" is a sign, not the end of what came before; "the pain has stopped" still is.
  assert.equal(level("a roofer working in the heat has stopped sweating and is confused"), "emergency");
  assert.equal(level("I had chest pain but it has stopped now"), "routine");
  // A new predicate ends a negation's reach; a list still carries it.
  assert.equal(level("my nan (90) has not eaten or drunk for days and is barely rousable"), "emergency");
  assert.equal(level("no fever, no stiff neck or rash"), "routine");
  // Quotes around a reading do not hide it; "when I worked at…" is the past.
  assert.equal(level("his meter reads 'HI', he is drowsy and muttering, diabetic"), "emergency");
  assert.equal(level("when I worked at the bar a man overdosed in the toilets"), "routine");
  // Any subject asking how to tell is a general question.
  assert.equal(level("how do bystanders know if someone is having a stroke?"), "routine");
});

test("what unseen-j's older writers taught: understatement and euphemism (each a pattern, both ways)", () => {
  const level = (t: string) => triage(t).level;
  assert.equal(level("my chest feels as though an elephant is sitting on it and I feel rather sick"), "emergency");
  assert.equal(level("I have angina and my spray has not touched the pain"), "emergency");
  assert.equal(level("my ticker is racing and I felt I might keel over"), "emergency");
  assert.equal(level("my motions have been black like tar and I keep coming over dizzy"), "emergency");
  assert.equal(level("I won't be a burden any longer after tonight"), "emergency");
  // Idioms and people who only mention something stay routine.
  assert.equal(level("I was frozen stiff waiting for the bus but I'm warm now"), "routine");
  assert.equal(level("could you explain what a TIA is? my friend at church mentioned it"), "routine");
  assert.equal(level("for my radio play, a man is bitten by a snake. what would happen to him?"), "routine");
  assert.equal(level("my granddaughter is revising for her nursing exam: quiz her on the signs of anaphylaxis"), "routine");
  // A relative with something happening is still someone affected now.
  assert.equal(level("how do you tell a stroke? my friend's face has dropped and his speech is slurred"), "emergency");
});

test("what unseen-k's social-media register taught (each a pattern, both ways)", () => {
  const level = (t: string) => triage(t).level;
  assert.equal(level("accidentally took my insulin twice and now i'm shaky and sweaty"), "emergency");
  assert.equal(level("got all my pills lined up and i'm taking them tonight"), "emergency");
  assert.equal(level("this song is so good i stopped breathing"), "routine");
  assert.equal(level("he stopped breathing and went blue"), "emergency");
  assert.equal(level("how do you help a friend who says they are suicidal? want to be ready"), "routine");
  assert.equal(level("my friend says they are going to kill themselves tonight"), "emergency");
  assert.equal(level("practice q: toddler swallowed a button battery, what's the priority"), "routine");
});

test("what unseen-l's dictation taught (each a pattern, both ways)", () => {
  const level = (t: string) => triage(t).level;
  // "Two hours ago" is time since an overdose, not regular dosing; "every 4 hours" still is.
  assert.equal(level("I took about 30 paracetamol two hours ago"), "emergency");
  assert.equal(level("I have taken 10 tablets over 3 days for my back as prescribed"), "routine");
  assert.equal(level("my son is having a sees her and it has been going on for six minutes"), "emergency");
  assert.equal(level("my three week old is floppy and not feeding and feels cold"), "emergency");
  // A counterfactual "what if … swallowed" is hypothetical; "what if it's a stroke? her face is drooping" is not.
  assert.equal(level("what if my son swallowed a battery"), "routine");
  assert.equal(level("what if it is a stroke? her face is drooping and her speech is slurred"), "emergency");
  assert.equal(level("write a poem about someone having a stroke"), "routine");
});

/**
 * `|` binds tighter than a gap, so "food poisoning|poisoning ~2 pigeons|blood poisoning" is one phrase
 * `(food poisoning|poisoning) ~2 (pigeons|blood poisoning)`, not three; such a slip shows as a word
 * repeated in two of a phrase's gapped stretches. These phrases repeat a word on purpose (read and kept).
 */
const REPEATS_ON_PURPOSE = new Set([
  "breathing|breathes|breaths ~5 (1|2|3|4|5|6|7|8|one|two|three|four|five|six) times a minute|breaths a minute|breaths per minute|times per minute",
  "will not wake ~2 me up|wake up early|wake up in the morning",
  "(not|never) have to ~2 (deal_with|put_up_with|worry_about|look_after|see) me ~4 after tonight|after today|after this|from tomorrow|ever again",
  "look after ~3 cat|dog|kids|children|pets ~4 for me|when i am gone|after i am gone",
  "drive|driving|crash|crashing ~4 car ~4 into ~3 wall|tree|bridge|lorry|truck|river|off a cliff|off the road|into traffic",
  "bone ~4 sticking out|poking out|coming out|through the skin|through @poss skin|showing|see the bone|poking through|sticking through|coming through|pushing through",
  "coughing ~3 black|soot|coughing up black",
  "red|redness|swelling|streak* ~4 spreading|getting bigger|streak*|up @poss arm|up @poss leg",
  "drunk|pissed|wasted|autocorrect|auto correct|predictive text|pocket|butt dial|toddler|baby|kid|cat|dog|keyboard|code|encrypted|another language ~8 text|texts|texted|message*|wrote|typed|gibberish|jibberish|jumbled|garbled|nonsense",
  "text|texts|texted|message*|wrote|typed|gibberish|jibberish|jumbled|garbled|nonsense ~8 drunk|pissed|wasted|autocorrect|auto correct|predictive text|pocket|butt dial|toddler|keyboard|another language",
]);
test("no phrase joins separate phrases with | across a gap", () => {
  for (const p of all) {
    for (const ph of phrasesOf(p)) {
      const stretches = ph.split(/\s~\d*\s/);
      if (stretches.length < 2 || REPEATS_ON_PURPOSE.has(ph)) continue;
      const words = stretches.map((st) => new Set(st.split(/[|\s()[\]_]+/).filter((w) => w.length > 3 && !w.startsWith("@"))));
      for (let i = 0; i < words.length; i++) {
        for (let j = i + 1; j < words.length; j++) {
          for (const w of words[i]!) if (words[j]!.has(w)) assert.fail(`${p.id}: "${w}" in two stretches of "${ph}" — one phrase per line?`);
        }
      }
    }
  }
});

test("what unseen-m's relayed messages taught (each a pattern, both ways)", () => {
  const level = (t: string) => triage(t).level;
  // Whole presentations the catalogue lacked, each with what keeps it apart from the routine.
  assert.equal(level("can't pee at all since this morning and my lower belly is bursting"), "emergency");
  assert.equal(level("it stings a bit when I pee, no fever"), "routine");
  assert.equal(level("her wisdom tooth abscess has made her cheek swell right up to her eye"), "emergency");
  assert.equal(level("my wisdom tooth aches when I chew"), "routine");
  assert.equal(level("always thirsty and weeing a lot, now he's really drowsy and his breath smells of nail polish"), "emergency");
  assert.equal(level("my tongue is swelling and I'm struggling to swallow"), "emergency");
  assert.equal(level("my dad's texts this morning are gibberish and he isn't picking up"), "emergency");
  assert.equal(level("autocorrect turned my text into gibberish"), "routine");
  assert.equal(level("got trampled by a cow, my ribs hurt and I'm getting more short of breath"), "emergency");
  assert.equal(level("she says the TV is reading her mind and she's taken a knife to bed to protect herself"), "emergency");
  assert.equal(level("he drank half a bottle of gin and took some sleeping tablets, now very drowsy"), "emergency");
  assert.equal(level("took two pills at the rave, heart rate 170 and I'm overheating"), "emergency");
  // "Food poisoning" was never excepted (its except joined its alternatives across gaps); it is now.
  assert.equal(level("I think I have food poisoning, been sick once"), "routine");
  assert.equal(level("my son drank some bleach"), "emergency");
  // Frames: a numbered exam question, "reading a thriller", a relayed animal, a baseline "as usual", "when you were a baby".
  assert.equal(level("Q7: a woman at 36 weeks with headache and visual disturbance. Most appropriate action?"), "routine");
  assert.equal(level("I'm reading a thriller where the victim is poisoned with arsenic, is that realistic?"), "routine");
  assert.equal(level("my son texted: the goats at the farm park collapsed in the heat"), "routine");
  assert.equal(level("my son texted: a horse kicked me in the chest and I'm short of breath"), "emergency");
  assert.equal(level("my mum texted: the dog tripped her up, she is 84 and on the floor, her leg is turned out and she can't get up"), "emergency");
  assert.equal(level("I have emphysema, breathless walking uphill as always, can I fly?"), "routine");
  assert.equal(level("I have emphysema, breathless walking uphill, can I fly?"), "urgent");
  assert.equal(level("when you were a baby you had a fit with a fever, could my son get them too?"), "routine");
});
