"""Safety: the "something feels wrong" check-in, the first-run screening, the disclaimer.

Written in our own words from domain.md §4. The advice is fixed general education; it never
diagnoses, and it never presents stretching as treatment. Every text is marked ``N_`` and stays
English here: the shell shows ``_(text)`` (``loosen.i18n``). Three tiers (§4.1):

1. stop and get emergency care now: the session ends and only the emergency message is shown;
2. stop the routine and contact a clinician promptly; reminders pause for the rest of the day;
3. stop this stretch; see a GP or physio if it persists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from loosen.core.text import N_, Say, as_is


@dataclass(frozen=True, slots=True)
class Symptom:
    id: str
    tier: int
    question: str


SYMPTOMS: tuple[Symptom, ...] = (
    Symptom(
        "saddle-numbness",
        1,
        N_(
            "Numbness or tingling around your groin, genitals, back passage, inner thighs or "
            "buttocks?"
        ),
    ),
    Symptom(
        "bladder-bowel",
        1,
        N_(
            "New trouble starting to pee, being unable to pee, or losing control of your bladder "
            "or bowels, when that is not normal for you?"
        ),
    ),
    Symptom(
        "both-legs-weak", 1, N_("Sudden weakness in both legs, or sciatica-like pain in both legs?")
    ),
    Symptom(
        "stroke-signs",
        1,
        N_(
            "Sudden numbness with weakness, confusion, trouble speaking or seeing, or numbness "
            "down one whole side or spreading fast?"
        ),
    ),
    Symptom(
        "chest-breath",
        1,
        N_(
            "Sudden breathlessness, chest pain or pressure that does not ease with rest, a racing "
            "heart, or coughing up blood?"
        ),
    ),
    Symptom(
        "calf-swelling", 2, N_("Pain, swelling, warmth or red or bluish skin in one calf or leg?")
    ),
    Symptom(
        "foot-drop",
        2,
        N_(
            "New weakness in a foot or ankle (the toes catch or the foot slaps when you walk), or "
            "numbness on top of the foot?"
        ),
    ),
    Symptom(
        "back-red-flags",
        2,
        N_(
            "Back pain together with fever or chills, unexplained weight loss, a history of "
            "cancer, a recent hard fall or accident, or pain at night or at rest? Or new back "
            "pain that began after the age of 50?"
        ),
    ),
    Symptom(
        "numbness-lingers",
        3,
        N_(
            "Numbness or pins and needles in your buttock or leg that does not settle within a "
            "few minutes of standing and moving, or keeps coming back for no clear reason?"
        ),
    ),
    Symptom(
        "shooting-pain", 3, N_("Pain that shoots, burns or stabs from your buttock down your leg?")
    ),
    Symptom("sit-bone-pain", 3, N_("Pain right at the bone you sit on that does not ease?")),
    Symptom(
        "sharp-in-stretch",
        3,
        N_("Sharp, pinching or joint pain during a stretch (knee, front of the hip)?"),
    ),
    Symptom(
        "dizzy",
        3,
        N_(
            "Dizziness, faintness, chest discomfort or unusual shortness of breath while moving, "
            "that eases when you stop?"
        ),
    ),
)

_BY_ID = {s.id: s for s in SYMPTOMS}

EMERGENCY_MESSAGE = N_(
    "Stop now and get emergency care: call your local emergency number or go to an emergency "
    "department.\n"
    "What you describe can be a sign of a condition that needs urgent assessment, such as "
    "pressure on the nerves at the base of the spine, a stroke or a blood clot, and treatment "
    "works best when it starts early. Do not continue the routine."
)

_TIER2_MESSAGE = N_(
    "Stop the routine for today and contact your doctor or a clinician today or tomorrow.\n"
    "What you describe should be checked by a professional; it is not something to stretch "
    "through. loosen will not remind you to move for the rest of today. If it gets worse "
    "quickly, or you feel chest pain or breathlessness, get emergency care."
)

_TIER3_MESSAGE = N_(
    "Stop this stretch and come out of the position gently.\n"
    "Move around a little and see whether it settles. If it keeps coming back, does not settle, "
    "or stops you doing normal things, see your GP or a physiotherapist. You can skip this move "
    "and go on with the others if they feel fine. If chest pain or pressure does not settle "
    "when you rest, treat it as an emergency and call your local emergency number."
)


@dataclass(frozen=True, slots=True)
class Advice:
    tier: int | None
    title: str
    message: str
    ends_routine: bool
    pause_reminders_today: bool
    flagged: tuple[str, ...]


def questions_in_order() -> tuple[Symptom, ...]:
    """Most serious first, so the check-in can stop at the first tier-1 yes."""
    return tuple(sorted(SYMPTOMS, key=lambda s: s.tier))


def advise(answers: Mapping[str, bool]) -> Advice:
    """The advice for a set of yes/no answers; the most serious tier answered yes wins."""
    for key in answers:
        if key not in _BY_ID:
            raise ValueError(f"unknown symptom id {key!r}")
    flagged = tuple(s.id for s in SYMPTOMS if answers.get(s.id))
    tiers = [_BY_ID[i].tier for i in flagged]
    if not tiers:
        return Advice(
            None,
            N_("Nothing on the list."),
            N_(
                "Good. Move gently, stay within a comfortable range, and stop if anything "
                "hurts. Run this check again any time something feels wrong."
            ),
            False,
            False,
            (),
        )
    tier = min(tiers)
    if tier == 1:
        # Only the emergency message; no movement reminders for the rest of the day either.
        return Advice(1, N_("Get emergency care now."), EMERGENCY_MESSAGE, True, True, flagged)
    if tier == 2:
        return Advice(2, N_("Contact a clinician soon."), _TIER2_MESSAGE, True, True, flagged)
    return Advice(3, N_("Stop this stretch."), _TIER3_MESSAGE, False, False, flagged)


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    flag: str
    question: str
    why: str


SCREENING: tuple[ScreeningQuestion, ...] = (
    ScreeningQuestion(
        "hip-replacement",
        N_("Have you had a hip or knee replacement, or other recent surgery?"),
        N_("Moves with deep hip bending, leg crossing or twisting are swapped or left out."),
    ),
    ScreeningQuestion(
        "back-leg-symptoms",
        N_("Do you have back pain right now with pain, numbness or tingling in a leg?"),
        N_("Moves that may press on the nerves at the back of the hip are swapped."),
    ),
    ScreeningQuestion(
        "pregnancy",
        N_("Are you pregnant (past the first three months)?"),
        N_("Moves lying flat on your back are swapped for seated or standing ones."),
    ),
    ScreeningQuestion(
        "knee-pain",
        N_("Do you have knee pain or a knee injury?"),
        N_("Deep kneeling moves are swapped for standing or seated ones."),
    ),
    ScreeningQuestion(
        "balance",
        N_("Do you have balance problems or fall easily?"),
        N_("One-leg standing moves are swapped for seated ones."),
    ),
    ScreeningQuestion(
        "no-floor",
        N_("Is it hard for you to get down to the floor and back up, or to kneel?"),
        N_("Floor moves are swapped for chair or standing versions."),
    ),
    ScreeningQuestion(
        "seated-only",
        N_("Do you use a wheelchair, or can you not stand for a few minutes?"),
        N_('Every move is done seated, and reminders say "move" rather than "stand up".'),
    ),
)

DISCLAIMER = N_(
    "loosen suggests general movement breaks and stretches for healthy adults. It is general "
    "information, not medical advice: it cannot diagnose or treat anything, and it is no reason "
    "to put off seeing a professional. If you have a health condition, have had recent surgery "
    "or a joint replacement, are pregnant, or are not sure, ask a doctor or physiotherapist "
    "before you begin. Stay in a range that feels comfortable; a stretch may feel tight, but it "
    "should not hurt. Stop at once for sharp or pinching pain, numbness, tingling, dizziness or "
    "breathlessness. Numbness around the groin or buttocks, new bladder or bowel trouble, or "
    "weakness in both legs needs emergency care: call your local emergency number."
)


def screening_advice(answers: Mapping[str, bool], say: Say = as_is) -> str | None:
    """A sentence to add after the screening, or None when every answer was no (each part
    said with ``say``: the shell passes its translation function)."""
    parts: list[str] = []
    if answers.get("hip-replacement"):
        parts.append(N_("Follow your surgeon's precautions first; they come before anything here."))
    if answers.get("pregnancy"):
        parts.append(N_("Check with your doctor or midwife before starting something new."))
    if answers.get("back-leg-symptoms"):
        parts.append(
            N_(
                "If the back and leg symptoms are not settling, have them checked by a GP or "
                "physiotherapist. Numbness around the groin, new bladder or bowel trouble, or "
                "weakness in both legs needs emergency care."
            )
        )
    if not parts and any(answers.values()):
        parts.append(
            N_(
                "The routines are adapted to your answers. If anything feels wrong during one, "
                'stop and use the "something feels wrong" check.'
            )
        )
    return " ".join(say(p) for p in parts) if parts else None
