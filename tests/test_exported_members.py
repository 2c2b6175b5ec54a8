from __future__ import annotations

import pytest

import chorus


def test_exported_members_all_resolve():
    for name in chorus.__all__:
        assert getattr(chorus, name) is not None, name


def test_exported_members_unknown_name_raises():
    with pytest.raises(AttributeError, match="no_such_thing"):
        chorus.no_such_thing  # noqa: B018
