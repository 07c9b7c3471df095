"""Stories: an ordered list of views, each with a title, a caption and its sources, for presenting.

A story is JSON: ``{"title": ..., "description": ..., "steps": [{"title", "caption", "view", "sources"}]}``
where ``view`` is the query string of an explorer view (as in its URL). The Boston data set ships one in
``data/boston/story.json``; the explorer builds others step by step and downloads or uploads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import WARNING, Problem, ValidationError
from .i18n import _
from .model import Dataset, translation_codes
from .viewstate import ViewState, decode, encode, validate

__all__ = ["Story", "Step", "parse_story", "story_json", "bundled_story", "MAX_STEPS"]

MAX_STEPS = 200
_MAX_TEXT = 4000
_MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Step:
    """One step: a view, with the words and sources that go with it."""

    title: str
    caption: str
    view: ViewState
    sources: tuple[str, ...] = ()
    #: Its title and caption in other languages, as (key, text): ``("caption_es", ...)``; ``model.text`` reads them.
    translations: tuple[tuple[str, str], ...] = ()

    @property
    def attrs(self) -> dict[str, str]:
        return dict(self.translations)


@dataclass(frozen=True)
class Story:
    title: str
    steps: tuple[Step, ...]
    description: str = ""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    translations: tuple[tuple[str, str], ...] = ()  # title_es, description_es

    @property
    def attrs(self) -> dict[str, str]:
        return dict(self.translations)


def _text(value: Any) -> str:
    return value[:_MAX_TEXT] if isinstance(value, str) else ""


def _translations(item: dict[str, Any], names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The texts a story gives in other languages (``title_es``), for ``model.text`` to show in the reader's."""
    keys = (f"{name}_{code}" for name in names for code in translation_codes())
    return tuple((key, _text(item[key])) for key in keys if _text(item.get(key)).strip())


def parse_story(ds: Dataset, data: bytes, name: str = "story.json") -> Story:
    """Read a story, checking every step against the data set; raise ValidationError listing every problem.

    Row numbers are step numbers (the first step is 1).

    Examples
    --------
    >>> import network
    >>> story = parse_story(network.load(), b'{"title": "T", "steps": [{"title": "A", "caption": "B",'
    ...                     b' "view": "?from=ebhs", "sources": ["S1"]}]}')
    >>> story.steps[0].view.origins
    ('ebhs',)
    """
    problems: list[Problem] = []
    if len(data) > _MAX_BYTES:
        raise ValidationError([Problem(name, None, "", _("is larger than {size} MB.").format(
            size=_MAX_BYTES // 1024 // 1024), _("A story holds titles, captions and views; keep it small."))])
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        line = getattr(err, "lineno", None)
        raise ValidationError([Problem(name, line, "", _("is not valid JSON ({error}).").format(error=err),
                                       _("Download the story again, or fix the JSON near that line."))]) from err
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
        # Translators: "steps", "title" and "view" are the file's own keys: keep them in English
        raise ValidationError([Problem(name, None, "steps", _('must be an object with a list of "steps".'),
                                       _('Write it as {"title": "...", "steps": [{"title": ..., "view": ...}]}.'))])
    if len(raw["steps"]) > MAX_STEPS:
        problems.append(Problem(name, None, "steps", _("has {n} steps; the most is {most}.").format(
            n=len(raw["steps"]), most=MAX_STEPS), _("Split the story in two.")))
    steps = []
    for i, item in enumerate(raw["steps"][:MAX_STEPS], 1):
        if not isinstance(item, dict):
            problems.append(Problem(name, i, "", _("is not an object."),
                                    _('Each step is {"title": ..., "view": ...}.')))
            continue
        view, notices = validate(ds, decode(item.get("view") if isinstance(item.get("view"), str) else ""))
        problems.extend(Problem(name, i, "view", n, severity=WARNING) for n in notices)
        cited = item.get("sources", [])
        cited = [c for c in cited if isinstance(c, str)] if isinstance(cited, list) else []
        for sid in cited:
            if sid not in ds.sources:
                problems.append(Problem(name, i, "sources", _("cites source {source}, which this data set lacks.")
                                        .format(source=repr(sid)), _("Use an id from the data set's sources.")))
        steps.append(Step(_text(item.get("title")) or _("Step {number}").format(number=i), _text(item.get("caption")),
                          view, tuple(cited), _translations(item, ("title", "caption"))))
    if any(p.is_error for p in problems):
        raise ValidationError(problems)
    return Story(_text(raw.get("title")) or _("Untitled story"), tuple(steps), _text(raw.get("description")),
                 tuple(problems), _translations(raw, ("title", "description")))


def story_json(story: Story) -> str:
    """A story as JSON that ``parse_story`` reads back to the same story."""
    return json.dumps({
        "title": story.title,
        "description": story.description,
        **dict(story.translations),
        "steps": [{"title": s.title, "caption": s.caption, "view": encode(s.view), "sources": list(s.sources),
                   **dict(s.translations)} for s in story.steps],
    }, indent=2, ensure_ascii=False)


def bundled_story(ds: Dataset) -> Story | None:
    """The story.json beside a data set folder, if it has one."""
    if not ds.origin:
        return None
    path = Path(ds.origin) / "story.json"
    if not path.is_file():
        return None
    return parse_story(ds, path.read_bytes(), str(path.name))
