/**
 * Writes test/safety/data/phi-notes.jsonl: 120 synthetic clinical notes and patient messages with every identifier
 * span labelled (kind, start, end). All people, numbers and places are invented. Seeded and
 * deterministic: regenerate with `node test/safety/make-phi-notes.ts`, never edit by hand.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { Rng } from "../../src/sampling/rng.ts";

const rng = new Rng(404, "phi");
const pick = <T>(xs: readonly T[]) => xs[rng.nextU32() % xs.length]!;
const digits = (n: number) => Array.from({ length: n }, () => rng.nextU32() % 10).join("");

const FIRST = ["Maria", "John", "Aisha", "Wei", "Olga", "Carlos", "Fatima", "Liam", "Priya", "Kwame", "Sofia", "Ahmed", "Emma", "Hiroshi", "Grace", "Mateo"];
const LAST = ["Hernandez", "Smith", "Okafor", "Zhang", "Petrova", "Alvarez", "Haddad", "O'Brien", "Sharma", "Mensah", "Rossi", "Khan", "Johnson", "Tanaka", "Mbeki", "Garcia"];
const STREETS = ["Maple Street", "Oak Avenue", "Cedar Lane", "Elm Road", "Harbor View Drive", "Sunset Boulevard", "Mill Court", "King Street"];
const MONTHS = ["January", "March", "June", "September", "Oct", "Nov", "Feb"];
const TITLES = ["Dr.", "Mr.", "Mrs.", "Ms.", "Dr"];
// Names for free-text messages, with no title or cue before them. Several are deliberately not in
// the detector's given-name list (Tendai, Esperanza, Dagny, Hoang, Bronwyn, Mehmet), so the score
// shows what the lexicon misses.
const FREE_FIRST = ["Maria", "Tendai", "Liam", "Esperanza", "Aisha", "Dagny", "Kwame", "Hoang", "Priya", "Bronwyn", "Carlos", "Saoirse", "Yusuf", "Ngozi", "Ingrid", "Mehmet"];
const RELATIONS = ["son", "daughter", "wife", "husband", "mother", "dad", "brother", "sister"];

type Label = { kind: string; start: number; end: number };
const notes: Array<{ id: string; text: string; labels: Label[] }> = [];

for (let n = 0; n < 120; n++) {
  let text = "";
  const labels: Label[] = [];
  const lit = (s: string) => (text += s);
  const phi = (kind: string, s: string) => {
    if (typeof s !== "string" || s.length === 0) throw new Error(`empty ${kind} identifier in note ${n + 1}`);
    labels.push({ kind, start: text.length, end: text.length + s.length });
    text += s;
  };
  const first = pick(FIRST), last = pick(LAST);
  const date = () => pick([
    () => `${1 + (rng.nextU32() % 12)}/${1 + (rng.nextU32() % 28)}/${1950 + (rng.nextU32() % 70)}`,
    () => `${pick(MONTHS)} ${1 + (rng.nextU32() % 28)}, ${2000 + (rng.nextU32() % 25)}`,
    () => `${2000 + (rng.nextU32() % 25)}-0${1 + (rng.nextU32() % 9)}-1${rng.nextU32() % 9}`,
    () => `${1 + (rng.nextU32() % 28)} ${pick(MONTHS)} ${1960 + (rng.nextU32() % 60)}`,
  ])();
  const phone = () => pick([() => `(${digits(3)}) ${digits(3)}-${digits(4)}`, () => `${digits(3)}-${digits(3)}-${digits(4)}`, () => `+1 ${digits(3)} ${digits(3)} ${digits(4)}`])();
  const style = n % 6;
  if (style === 0) {
    lit("Patient: "); phi("NAME", `${first} ${last}`); lit("\nDOB: "); phi("DATE", date()); lit("\nMRN: "); phi("ID", `${digits(7)}`);
    lit("\nAddress: "); phi("ADDRESS", `${10 + (rng.nextU32() % 900)} ${pick(STREETS)}`); lit(", Springfield, IL "); phi("ZIP", digits(5));
    lit("\nPhone: "); phi("PHONE", phone()); lit("\nHPI: 54-year-old with poorly controlled type 2 diabetes, HbA1c 9.1%. Seen by ");
    phi("NAME", `${pick(FIRST)} ${pick(LAST)}`); lit(" on "); phi("DATE", date()); lit(".\n");
  } else if (style === 1) {
    lit(`${pick(["Referral letter.", "Discharge summary.", "Consult note."])} ${pick(TITLES)} `); phi("NAME", `${last}`); lit(" was admitted on ");
    phi("DATE", date()); lit(" with community-acquired pneumonia. Contact the family at "); phi("PHONE", phone()); lit(" or ");
    phi("EMAIL", `${first.toLowerCase()}.${last.toLowerCase().replace("'", "")}@example.org`); lit(". Insurance ID: "); phi("ID", `${pick(["XK", "BC", "HM"])}${digits(9)}`);
    lit(". Portal: "); phi("URL", `https://portal.example-health.org/p/${digits(6)}`); lit("\n");
  } else if (style === 2) {
    lit("Telehealth visit from IP "); phi("IP", `${10 + (rng.nextU32() % 200)}.${rng.nextU32() % 255}.${rng.nextU32() % 255}.${1 + (rng.nextU32() % 254)}`);
    lit(". SSN on file "); phi("SSN", `${digits(3)}-${digits(2)}-${digits(4)}`); lit(". The patient is a "); phi("AGE", `${90 + (rng.nextU32() % 15)}-year-old`);
    lit(" widow living at "); phi("ADDRESS", `${1 + (rng.nextU32() % 99)} ${pick(STREETS)}, Apt ${1 + (rng.nextU32() % 30)}`); lit(". Daughter: "); phi("NAME", `${pick(FIRST)} ${last}`);
    lit(", reachable at "); phi("PHONE", phone()); lit(". Follow-up "); phi("DATE", date()); lit(".\n");
  } else if (style === 4) {
    lit("Hi, this is "); phi("NAME", pick(FREE_FIRST)); lit(". My "); lit(pick(RELATIONS)); lit(" "); phi("NAME", `${pick(FREE_FIRST)} ${pick(LAST)}`);
    lit(" has had a cough since "); phi("DATE", date()); lit(". You can call me on "); phi("PHONE", phone()); lit(" or email ");
    phi("EMAIL", `${pick(FREE_FIRST).toLowerCase()}${digits(2)}@mail.example.com`); lit(".\n");
  } else if (style === 5) {
    phi("NAME", `${pick(FREE_FIRST)} ${pick(LAST)}`); lit(` called about ${pick(["her", "his"])} ${pick(RELATIONS)} `); phi("NAME", pick(FREE_FIRST));
    lit(", born "); phi("DATE", date()); lit(", who lives at "); phi("ADDRESS", `${1 + (rng.nextU32() % 400)} ${pick(STREETS)}`);
    lit(". Rash on both arms, no fever. Record number "); phi("ID", `${digits(8)}`); lit(".\n");
  } else {
    lit("Pacemaker serial no. "); phi("ID", `PM${digits(8)}`); lit(", implanted "); phi("DATE", date()); lit(". Driver's license number: ");
    phi("ID", `D${digits(7)}`); lit(". Vehicle plate: "); phi("ID", `${pick(["7ABC", "KXT", "3MNP"])}${digits(3)}`); lit(". Mr. "); phi("NAME", `${first} ${last}`);
    lit(" reports chest tightness on exertion; BP 150/95, HR 88. Account number: "); phi("ID", `${digits(10)}`); lit(".\n");
  }
  notes.push({ id: `n${String(n + 1).padStart(3, "0")}`, text, labels });
}
mkdirSync(new URL("./data/", import.meta.url), { recursive: true });
writeFileSync(new URL("./data/phi-notes.jsonl", import.meta.url), notes.map((x) => JSON.stringify(x)).join("\n") + "\n");
console.log(`wrote ${notes.length} notes, ${notes.reduce((a, x) => a + x.labels.length, 0)} labelled identifiers`);
