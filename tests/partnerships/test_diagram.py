"""The state diagram is drawn from the FSM declaration, so every transition shows as an edge."""

import re

from partnerships.diagram import case_state_diagram, phase_edges
from partnerships.models import Partnership, Phase


def test_every_declared_transition_is_an_edge(case):
    svg = str(case_state_diagram(case))
    declared = {
        (t.name, str(t.source), str(t.target))
        for t in Partnership._meta.get_field("phase").get_all_transitions(Partnership)
    }
    drawn = set(re.findall(r'data-transition="(\w+)" data-source="(\w+)" data-target="(\w+)"', svg))
    assert drawn == declared
    assert len(declared) == 11  # terminate from 4 phases, withdraw from 2, and 5 more
    assert len(phase_edges()) == len(declared)


def test_every_phase_is_drawn_and_the_current_one_highlighted(ready_case, contact):
    from partnerships import services

    case = services.start_application(ready_case, by=contact).partnership
    svg = str(case_state_diagram(case))
    assert set(re.findall(r'data-phase="(\w+)"', svg)) == set(Phase.values)
    assert re.findall(r'class="fsm-phase fsm-phase--current" data-phase="(\w+)"', svg) == ["application"]


def test_diagram_is_accessible(case):
    markup = str(case_state_diagram(case))
    assert 'role="img"' in markup
    assert '<title id="fsm-title">Phases of a partnership case</title>' in markup
    assert '<desc id="fsm-desc">Current phase: Pre-study.</desc>' in markup
    # The text alternative lists every transition in words.
    assert "<li>Withdraw: from Application to Withdrawn</li>" in markup
    assert "<li>Start the exchange: from Application to Exchange</li>" in markup
