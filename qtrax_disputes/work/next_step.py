"""The step the road expects next from a stage, for lists of cases. Pure, no Flask."""

from __future__ import annotations

from ..cases import workflow as wf

# Ways off the road: legal moves, never what the road "expects next".
_SIDE_EXITS = frozenset({wf.SETTLED, wf.WITHDRAWN, wf.SMALL_CLAIMS, wf.SUSPENDED, wf.DISMISSED})


def expected_step(stage: str) -> wf.Transition | None:
    """The main road's next step from ``stage`` (the first one the table lists), else None."""
    ahead = [t for t in wf.transitions_from(stage) if t.target not in _SIDE_EXITS]
    if stage in wf.ROAD:
        forward = [t for t in ahead if t.target in wf.ROAD
                   and wf.ROAD.index(t.target) > wf.ROAD.index(stage)]
        ahead = forward or ahead
    return ahead[0] if ahead else None
