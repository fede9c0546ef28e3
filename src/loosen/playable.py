"""A routine as this user will play it, without asking anything: the web player and the break
screen use it (``loosen stretch`` asks the screening questions first when they were never
answered; these cannot).

The user's screening answers swap the moves they rule out (``core.routine.adapt_for``), then the
profile sets the doses (``apply_profile``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loosen.app import App
    from loosen.core.routine import Routine
    from loosen.routines import Catalog


def screening_flags(app: App) -> tuple[tuple[str, ...], bool]:
    """(the user's screening flags, whether the screening was ever answered)."""
    from loosen.storage.history import read_only_history

    h = read_only_history(app.paths.history_db)
    if h is None:
        return (), False
    with h:
        record = h.latest_screening()
    if record is None:
        return (), False
    return tuple(flag for flag, yes in record.answers.items() if yes), True


def prepare(app: App, name: str, catalog: Catalog | None = None) -> tuple[Routine, bool]:
    """The routine ``name`` adapted to this user, and whether the screening was answered.

    Raises :class:`loosen.errors.UnknownRoutineError` for an unknown name, and a
    :class:`loosen.errors.LoosenError` when the screening rules out every move."""
    from loosen.core.routine import adapt_for, apply_profile
    from loosen.errors import LoosenError
    from loosen.i18n import _

    catalog = catalog if catalog is not None else app.catalog
    routine = catalog.get(name)
    flags, answered = screening_flags(app)
    routine = adapt_for(routine, flags, catalog.library, _)
    if not routine.items:
        raise LoosenError(
            _(
                'Every move of "%(id)s" is ruled out by your screening answers; try '
                "the routine desk-short, or change your answers with `loosen "
                "screening`."
            )
            % {"id": routine.id}
        )
    return apply_profile(routine, app.settings.routine.profile), answered
