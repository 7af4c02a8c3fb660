"""The history package's names, imported on first use, are its modules' own."""

from __future__ import annotations

import importlib

import pytest

import cc_dosecalc.history as history


def test_every_name_of_the_package_is_the_object_of_the_module_that_holds_it() -> None:
    assert sorted(history._HOLDERS) == sorted(history.__all__)
    for name, holder in history._HOLDERS.items():
        assert getattr(history, name) is getattr(importlib.import_module(f"cc_dosecalc.history.{holder}"), name)


def test_a_name_the_package_does_not_have_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchName"):
        getattr(history, "NoSuchName")  # noqa: B009
