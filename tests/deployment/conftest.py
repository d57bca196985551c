import pytest

from tests.deployment.files import OPERATOR_ENV, load_compose


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose(OPERATOR_ENV)


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]
