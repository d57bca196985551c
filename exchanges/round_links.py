"""Links that higher apps add to a round's page (an amendment to apply for, say), registered in
their AppConfig.ready(): `provider(round, user) -> [SectionLink]`."""

from collections.abc import Callable

_providers: list[Callable] = []


def register_round_links(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def round_links(exchange_round, user) -> list:
    return [link for provider in _providers for link in provider(exchange_round, user)]
