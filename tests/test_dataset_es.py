"""A data set's own Spanish: the <field>_es columns load in every reader, fall back when empty, round-trip through
the writers, change the content hash, and the Boston data set has them for every record."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import network
from network import i18n
from network.io import dataset_bytes, parse_file, parse_files, write_dataset
from network.io.csvcolumns import parse_columns
from network.io.csvtext import parse_table
from network.io.validate import assemble, parse_nodes
from network.model import TRANSLATED, Dataset, is_translation, own_attrs, text, translation_columns
from network.story import bundled_story, parse_story, story_json

BOSTON = Path(network.io.BOSTON)

NODES = ("id,label,kind,description,Label_ES,description_es\n"
         "bpd,Boston Police Department,city_police,The city police,Departamento de Policía de Boston (BPD),\n"
         "ice,ICE,immigration_enforcement,,,\n")
EDGES = ("source,target,relation,carries,status,note,weight,carries_es,note_es\n"
         "bpd,ice,shares_reports,incident reports,alleged,Reports go on,3,informes de incidentes,Los informes siguen\n")
EVENTS = "id,date,title,description,title_es,description_es\nev1,2019,An event,What happened,Un evento,\n"
HANDOFFS = "at,from,to,status,note,claim,note_es,claim_es\nbpd,*,ice,alleged,passes on,it passes,los pasa,los pasa\n"
META = {"title": "Tiny", "title_es": "Diminuto", "description": "A tiny data set", "known_gaps": ["a gap"],
        "known_gaps_es": ["un vacío"]}


def _files() -> dict[str, bytes]:
    return {"nodes.csv": NODES.encode(), "edges.csv": EDGES.encode(), "events.csv": EVENTS.encode(),
            "handoffs.csv": HANDOFFS.encode(), "dataset.json": json.dumps(META).encode()}


def _spanish(ds: Dataset) -> tuple[str, ...]:
    edge, event, handoff = ds.edges[0], ds.events[0], ds.handoffs[0]
    with i18n.speaking("es"):
        return (ds.title, ds.meta_text("description"), ds.meta_texts("known_gaps")[0], ds.label("bpd"),
                ds.nodes["bpd"].name, text(ds.nodes["bpd"], "description"), ds.label("ice"), text(edge, "carries"),
                text(edge, "note"), ds.text(event, "title"), text(event, "description"), text(handoff, "note"),
                text(handoff, "claim"))


EXPECTED = ("Diminuto", "A tiny data set", "un vacío", "Departamento de Policía de Boston (BPD)",
            "Departamento de Policía de Boston (BPD)", "The city police", "ICE", "informes de incidentes",
            "Los informes siguen", "Un evento", "What happened", "los pasa", "los pasa")


def test_a_folder_reads_the_spanish_columns_and_falls_back_to_english_when_empty():
    ds = parse_files(_files())
    assert _spanish(ds) == EXPECTED  # description_es and the event's description_es are empty: English
    assert ds.label("bpd") == "Boston Police Department" and ds.title == "Tiny"  # English outside speaking("es")
    assert text(ds.edges[0], "note") == "Reports go on" and ds.meta_texts("known_gaps") == ["a gap"]
    assert ds.edges[0].carries == "incident reports"  # what the tool compares stays English in every language


def test_the_row_reader_and_the_column_reader_agree_on_the_spanish_columns():
    by_rows, _ = parse_table(NODES.encode(), "nodes.csv")
    by_columns, _ = parse_columns(NODES.encode(), "nodes.csv")
    assert by_columns is not None and getattr(by_columns, "columns", None) is not None  # read a column at a time
    rows, columns = parse_nodes(by_rows, []), parse_nodes(by_columns, [])
    assert rows == columns
    assert dict(rows["bpd"].attrs) == {"label_es": "Departamento de Policía de Boston (BPD)"}  # name made canonical
    assert rows["ice"].attrs == {}  # blank cells are not kept: the English is shown


def test_an_edge_list_read_a_column_at_a_time_or_by_rows_keeps_its_spanish(tmp_path: Path):
    (tmp_path / "edges.csv").write_text(EDGES, encoding="utf-8")
    by_columns = network.load(tmp_path / "edges.csv")  # a file streamed: read a column at a time
    table, _ = parse_table(EDGES.encode(), "edges.csv")
    by_rows = assemble(table)  # a table read whole: the row reader
    assert by_rows.edges == by_columns.edges
    for ds in (by_columns, by_rows):
        with i18n.speaking("es"):
            assert text(ds.edges[0], "note") == "Los informes siguen"
            assert text(ds.edges[0], "carries") == "informes de incidentes"
        assert own_attrs(ds.edges[0]) == [("weight", "3")]  # a researcher's own column, not the translations


@pytest.mark.parametrize("fmt", ["zip", "graphml", "gexf", "json"])
def test_every_writer_round_trips_the_spanish(fmt: str):
    ds = parse_files(_files())
    again = parse_file(f"again.{fmt}", dataset_bytes(ds, fmt))
    assert _spanish(again) == EXPECTED
    assert again.content_hash == ds.content_hash


def test_a_folder_written_and_an_xlsx_sheet_keep_the_spanish(tmp_path: Path):
    ds = parse_files(_files())
    again = network.load(write_dataset(ds, tmp_path / "out"))
    assert _spanish(again) == EXPECTED
    header = next(csv.reader(io.StringIO((tmp_path / "out" / "events.csv").read_text(encoding="utf-8"))))
    assert "title_es" in header
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "edges"
    for row in csv.reader(io.StringIO(EDGES)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with i18n.speaking("es"):
        assert text(parse_file("book.xlsx", buffer.getvalue()).edges[0], "note") == "Los informes siguen"


def test_the_content_hash_changes_with_a_spanish_text():
    ds = parse_files(_files())
    files = _files()
    files["edges.csv"] = EDGES.replace("Los informes siguen", "Los informes continúan").encode()
    assert parse_files(files).content_hash != ds.content_hash
    files = _files()
    files["handoffs.csv"] = HANDOFFS.replace("los pasa,los pasa", "los pasa,los entrega").encode()
    assert parse_files(files).content_hash != ds.content_hash
    files = _files()
    files["dataset.json"] = json.dumps(META | {"title_es": "Pequeño"}).encode()
    assert parse_files(files).content_hash != ds.content_hash


def test_the_languages_come_from_i18n():
    assert translation_columns("nodes") == ("label_es", "description_es")
    assert is_translation("Title ES") and not is_translation("title") and not is_translation("publisher_es")
    assert "sources" not in TRANSLATED  # source titles and publishers stay as published


def test_ds_label_is_spanish_inside_speaking_es():
    ds = network.load()
    with i18n.speaking("es"):
        assert ds.label("bpd") == "Departamento de Policía de Boston (BPD)"
        assert ds.title.startswith("Entanglement Map: expedientes escolares")
    assert ds.label("bpd") == "Boston Police Department"


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((BOSTON / name).read_text(encoding="utf-8"))))


@pytest.mark.parametrize(("name", "pairs"), [
    ("nodes.csv", (("label", "label_es"), ("description", "description_es"))),
    ("edges.csv", (("carries", "carries_es"), ("note", "note_es"))),
    ("handoffs.csv", (("note", "note_es"), ("claim", "claim_es"))),
    ("events.csv", (("title", "title_es"), ("description", "description_es"))),
])
def test_every_boston_record_has_its_spanish_text(name: str, pairs: tuple[tuple[str, str], ...]):
    rows = _rows(name)
    assert rows
    for row in rows:
        for english, spanish in pairs:
            if row.get(english, "").strip():
                assert row.get(spanish, "").strip(), f"{name}: {row.get('id') or row.get('at')} has no {spanish}"
                assert row[spanish] != row[english] or len(row[english]) < 40  # translated, not copied


def test_a_boston_links_spanish_carries_names_match_its_english_ones():
    for row in _rows("edges.csv"):
        assert len(row["carries_es"].split(";")) == len(row["carries"].split(";")) if row["carries"] else \
            not row["carries_es"]


def test_the_boston_metadata_and_story_are_in_spanish():
    meta = json.loads((BOSTON / "dataset.json").read_text(encoding="utf-8"))
    for key in ("title", "description", "how_to_correct"):
        assert meta[f"{key}_es"].strip()
    assert len(meta["known_gaps_es"]) == len(meta["known_gaps"])
    ds = network.load()
    story = bundled_story(ds)
    assert story is not None
    with i18n.speaking("es"):
        assert text(story, "title") == "Cómo un expediente escolar de Boston podría llegar al ICE"
        assert text(story, "description") != story.description
        for step in story.steps:
            assert text(step, "title") != step.title and text(step, "caption") != step.caption
    assert parse_story(ds, story_json(story).encode()) == story  # written back with its Spanish
    assert text(story.steps[0], "title") == story.steps[0].title  # English outside speaking("es")
