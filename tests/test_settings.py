from __future__ import annotations

import pytest

from chorus.errors import ConfigError
from chorus.settings import Settings, load_settings


def test_settings_layers_apply_in_order(tmp_path):
    toml = tmp_path / "chorus.toml"
    toml.write_text("[chorus]\nsummary_words = 50\nseed = 3\n", encoding="utf-8")
    got = load_settings(toml, env={"CHORUS_SEED": "7", "CHORUS_DB": "x.db"}, summary_words=None)
    assert (got.summary_words, got.seed) == (50, 7)
    assert load_settings(toml, env={}, summary_words=80).summary_words == 80
    assert load_settings(env={}) == Settings()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"env": {"CHORUS_NO_SUCH": "1"}}, "unknown setting"),
        ({"env": {}, "seed": "many"}, "cannot read 'many' as int"),
    ],
)
def test_settings_bad_values_raise_config_error(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(**kwargs)


def test_settings_unreadable_file_raises_config_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read settings file"):
        load_settings(bad, env={})
