"""Import every module of the app, so that a walk over subclasses (forms, enums) sees
them all, including those of features added later."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import marketplace

# The worker's entry point builds an app from the environment when imported.
ENTRY_POINTS = {"marketplace.jobs.worker"}


def import_all() -> list[ModuleType]:
    modules = []
    for info in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        if info.name not in ENTRY_POINTS:
            modules.append(importlib.import_module(info.name))
    return modules


def app_subclasses(base: type) -> list[type]:
    """Every subclass of `base` defined in the app, by qualified name."""
    import_all()
    found: dict[str, type] = {}
    stack = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("marketplace."):
            found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]
