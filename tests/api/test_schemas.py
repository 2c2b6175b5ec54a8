"""The API models describe exactly the records' JSON contract."""

from __future__ import annotations

from dataclasses import fields

import pytest

from chorus import records
from chorus.api import schemas


@pytest.mark.parametrize(
    ("model", "record", "extra"),
    [
        (schemas.StoryOut, records.Story, set()),
        (schemas.CitationOut, records.Citation, set()),
        (schemas.SummarySentenceOut, records.SummarySentence, set()),
        (schemas.QuoteOut, records.Quote, set()),
        (schemas.DateMentionOut, records.DateMention, set()),
        (schemas.TimelineEntryOut, records.TimelineEntry, set()),
        (schemas.FactOut, records.Fact, set()),
        (schemas.FactValueOut, records.FactValue, set()),
        (schemas.EntityOut, records.Entity, set()),
        (schemas.RemovedOut, records.Removed, set()),
        (schemas.ArticleOut, records.Article, {"story_id"}),
        (schemas.RejectionOut, records.Rejection, set()),
    ],
)
def test_schema_fields_match_record(model: type, record: type, extra: set[str]) -> None:
    record_fields = [f.name for f in fields(record) if f.name != "raw_text"]
    assert list(model.model_fields) == record_fields + sorted(extra)


def test_schema_story_validates_the_stored_contract(records_json: dict) -> None:
    for story in records_json["stories"]:
        assert schemas.StoryOut.model_validate(story).model_dump() == story
