"""No dead ends, as a property (README "No dead ends"): for every registered state machine and
every state that is not final, an object built in that state through the services (as people get
it there) can be moved on by someone through the pages they see, or its pages name the date or
the party it waits for. The same check runs over the demo's data.

A machine joins by registering (norec.core.machines); a model with a django-fsm field that is
not registered, or a registered state without a builder here, fails, so none can be forgotten."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django_fsm import FSMFieldMixin

from norec.core.machines import machines
from tests.machines.builders import BUILDERS
from tests.machines.check import check_no_dead_end

pytestmark = pytest.mark.django_db

OPEN_STATES = [(machine.name, state) for machine in machines() for state in machine.open_states]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_state_machine_is_registered():
    with_fsm = {
        model
        for model in apps.get_models()
        if any(isinstance(model_field, FSMFieldMixin) for model_field in model._meta.fields)
    }
    registered = {machine.model for machine in machines()}
    assert with_fsm - registered == set()


def test_every_open_state_has_a_builder():
    assert sorted(set(OPEN_STATES) - set(BUILDERS)) == []


@pytest.mark.parametrize(("name", "state"), OPEN_STATES, ids=[f"{n}:{s}" for n, s in OPEN_STATES])
def test_no_dead_end(name, state, adviser, organisation, other_organisation):
    machine = next(machine for machine in machines() if machine.name == name)
    for obj in BUILDERS[name, state](adviser=adviser, organisations=[organisation, other_organisation]):
        assert machine.state(obj) == state, f"the builder of {name}:{state} made {machine.state(obj)}"
        verdict = check_no_dead_end(machine, obj)
        assert verdict.ok, verdict.explain(machine, obj)


def test_no_dead_end_in_the_demo():
    call_command("seed_demo", verbosity=0)
    stuck, checked = [], 0
    for machine in machines():
        for obj in machine.model._default_manager.all():
            if machine.state(obj) in machine.final:
                continue
            checked += 1
            verdict = check_no_dead_end(machine, obj)
            if not verdict.ok:
                stuck.append(verdict.explain(machine, obj))
    assert checked > 20
    assert stuck == [], "\n\n".join(stuck)
