/** Older adults: falls with a long lie or a broken hip, and presentations that hide in old age. */
import type { Presentation } from "./types.ts";
import { CANNOT_GET_UP, FALLEN } from "./concept-words.ts";

const OLDER = [
  "elderly|frail|old man|old lady|old woman|pensioner|in @poss 70s|in @poss 80s|in @poss 90s|in @poss (70|80|90)|care home|nursing home", // named
  "(6#|7#|8#|9#|10#) year old|(6#|7#|8#|9#|10#) years old", // age written out
  "grandad|granddad|grandpa|grandfather|grandma|grandmother|gran|granny|nan|nana|nanna", // grandparents
  "mother|father|mum|mom|dad|husband|wife|she|he|aunt|uncle|neighbour|neighbor ~2 is|aged ~2 (7#|8#|9#|10#)", // "my mother is 86"
  "(aged|age|is|was|am|turned|turning) (7#|8#|9#|10#)|(7#|8#|9#|10#) yo|(7#|8#|9#|10#) yr old|(7#|8#|9#|10#) yrs old", // "aged 84", "84 yo"
  "in @poss (seventies|eighties|nineties)|octogenarian|nonagenarian|pensioner|pensioners|oap|elderly|frail|great grandmother|great grandfather|great gran", // said another way
  "dementia|alzheimer*|care home|nursing home|retirement home|sheltered housing|assisted living|zimmer frame|walking frame|mobility scooter", // settings of old age
];

export const OLDER_ADULT: Presentation[] = [
  {
    id: "fall_long_lie_or_hip",
    label: "a fall with a long lie, unable to get up, or a possible broken hip",
    category: "older-adult",
    level: "emergency",
    basis: "NHS falls advice: call 999 if someone has been on the floor a long time, cannot get up, or may have broken a hip (leg shortened and turned out)",
    any: [
      "leg ~4 shorter|shortened|turned out|turned outward|turned outwards|rotated|twisted outwards|pointing outwards|sticking out at an angle", // hip fracture
      "on [the] floor|on [the] ground ~10 for hours|all night|since last night|overnight|since this morning|for ages", // long lie
      "been on [the] floor|lying on [the] floor ~4 hours|all night|since", // long lie
      "broken ~2 hip", // named
      "fractured ~2 hip", // named
      "hip ~3 broken|fractured|snapped", // named, hip first
    ],
  },
  {
    id: "fall_older_cannot_get_up",
    label: "an older person who has fallen and cannot get up",
    category: "older-adult",
    level: "emergency",
    basis: "NHS falls advice: an older person who cannot get up after a fall, or cannot stand or move a leg, needs 999 (long lie, hip fracture)",
    all: [
      OLDER,
      [
        "fell|fallen|fall ~8 cannot get up|could not get up|unable to get up|cannot stand|cannot put weight|cannot bear weight|cannot move", // cannot get up
        "on [the] floor|on [the] ground ~6 cannot get up|since|all night", // still on the floor
      ],
    ],
  },
  {
    id: "fall_older_cannot_get_up_described",
    label: "an older person who has fallen and cannot get up",
    category: "older-adult",
    level: "emergency",
    basis: "NHS falls advice: an older person on the floor who cannot get up, or has been there a long time, needs 999; said in any order ('she's still on the floor since she fell')",
    near: [FALLEN, CANNOT_GET_UP],
    nearWords: 12,
    all: [OLDER],
  },
  {
    id: "older_sudden_decline",
    label: "an older person suddenly unwell, confused or unable to walk",
    category: "older-adult",
    level: "emergency",
    basis: "NHS: sudden confusion, sudden inability to walk or talk, or a cold, barely responsive older person need 999",
    all: [
      OLDER,
      [
        "suddenly|sudden ~4 cannot walk|cannot stand|cannot get up|legs gave way|confus*|not making sense|does not recognise|does not know", // sudden decline
        "legs ~3 give way|gave way|giving way", // sudden decline
        "very cold|cold to the touch|freezing to touch|ice cold|freezing cold ~6 barely|drowsy|confused|not responding|slurr*", // hypothermia
        "barely responding|barely responsive|not responding|unresponsive|will not wake|cannot wake|hard to wake|barely rousable|not rousable|unrousable|barely conscious|hardly keep @poss eyes open|cannot keep @poss eyes open|barely keep @poss eyes open", // response
      ],
    ],
  },
];
