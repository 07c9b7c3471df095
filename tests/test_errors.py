"""The errors: how a problem prints, and the exception tree drawn in ``network/errors.py`` against the real one."""

from __future__ import annotations

import inspect
import re

import pytest

import network.errors as errors
from network.cli import main
from network.errors import DataFileError, Problem, ValidationError
from network.io import Limits, load, parse_file


def test_a_problem_prints_only_what_is_known_of_where_it_is():
    assert str(Problem("a.csv", None, "", "is empty.", "Add a header.")) == "a.csv: is empty. Add a header."
    assert str(Problem("a.csv", 3, "", "has 2 cells.")) == "a.csv:3: has 2 cells."
    assert str(Problem("a.csv", 3, "target", "'target' is empty.")) == "a.csv:3:target: 'target' is empty."
    assert str(Problem("g.graphml", None, "label", "holds U+0007.")) == "g.graphml::label: holds U+0007."


def test_check_prints_a_problem_with_the_whole_file_as_file_colon_message(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "edges.csv").write_text("")
    assert main(["check", str(folder)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (f"{folder / 'edges.csv'}: is empty. Put a header row first (for example: source,target), "
                     "then one row per item.")


def test_check_prints_a_warning_about_the_whole_file_as_file_colon_warning(tmp_path, capsys):
    path = tmp_path / "g.json"
    path.write_text('{"directed": false, "nodes": [{"id": "a"}, {"id": "b"}], "links": [{"source": "a", '
                    '"target": "b"}]}')
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "g.json: warning: this graph is undirected" in out


def drawn_tree() -> list[tuple[str, str | None]]:
    """(class, the class it is drawn under) for each class in the tree of ``errors``' docstring."""
    doc = inspect.getdoc(errors) or ""
    block = doc.split("::", 1)[1].split("\n\n", 2)[1]  # the indented lines after "catches them all::"
    drawn: list[tuple[int, str]] = []
    for line in block.splitlines():
        found = re.match(r"^(\s*(?:[│ ]*[├└]── )?)(\w+)\b", line)
        if found and found.group(2).endswith("Error"):
            drawn.append((len(found.group(1)), found.group(2)))
    tree: list[tuple[str, str | None]] = []
    for i, (column, name) in enumerate(drawn):
        parent = next((other for col, other in reversed(drawn[:i]) if col < column), None)
        tree.append((name, parent))
    return tree


def test_the_drawn_exception_tree_is_the_class_hierarchy():
    tree = drawn_tree()
    assert tree[0] == ("NetworkDataError", None)
    for name, parent in tree:
        cls = getattr(errors, name)
        assert cls.__bases__ == ((ValueError,) if parent is None else (getattr(errors, parent),)), name
    classes = {name for name, obj in vars(errors).items()
               if isinstance(obj, type) and issubclass(obj, errors.NetworkDataError)}
    assert {name for name, _ in tree} == classes


@pytest.mark.parametrize("name, data, limits", [
    ("big.csv", b"source,target\n" + b"A,B\n" * 100, Limits(max_bytes=100)),
    ("binary.csv", bytes(range(256)), None),
    ("latin1.csv", b"source,target\nA,Caf\xe9\n", None),
], ids=["too-large", "binary", "not-utf8"])
def test_a_file_too_large_binary_or_not_utf8_is_a_validation_error_as_drawn(name, data, limits):
    with pytest.raises(ValidationError) as info:
        parse_file(name, data, limits=limits)
    assert not isinstance(info.value, DataFileError)
    assert [p.file for p in info.value.errors] == [name]


def test_a_missing_path_or_an_unread_extension_is_a_data_file_error_as_drawn(tmp_path):
    with pytest.raises(DataFileError):
        load(tmp_path / "nowhere")
    with pytest.raises(DataFileError):
        parse_file("data.pdf", b"%PDF-1.4")


#: Bad files of every format, each with the problem it must report (in any language, at the same place).
_BAD_FILES = [
    ("edges.csv", b"source,target,status,start,end\nA,B,sure,2020,2019\n,C,,2019-13,\n"),
    ("edges.csv", b"source,target\n\"A,B\n"),
    ("edges.csv", b"a,b\n\xff\xfe,x\n"),
    ("links.csv", b"Von,Nach\nA,B\n"),
    ("g.graphml", b"<graphml><graph><edge source='a'/></graph></graphml>"),
    ("g.gexf", b"<svg/>"),
    ("g.json", b'{"nodes": [{"id": 1}], "links": [{"source": 1}]}'),
    ("g.json", b"{\"nodes\": [,]}"),
    ("data.zip", b"PK\x03\x04 not really"),
    ("big.csv", b"x" * 100),
]


@pytest.mark.parametrize(("name", "data"), _BAD_FILES, ids=[f"{n}-{i}" for i, (n, _d) in enumerate(_BAD_FILES)])
def test_a_bad_file_is_told_in_spanish_at_the_same_place(name: str, data: bytes) -> None:
    from network import i18n

    def problems() -> list[Problem]:
        with pytest.raises(ValidationError) as caught:
            parse_file(name, data, limits=Limits(max_bytes=50) if name == "big.csv" else None)
        return caught.value.problems

    english = problems()
    with i18n.speaking("es"):
        spanish = problems()
    assert [(p.file, p.row, p.column, p.severity) for p in spanish] == [
        (p.file, p.row, p.column, p.severity) for p in english]
    for es, en in zip(spanish, english, strict=True):
        assert es.message != en.message and (es.fix != en.fix or not en.fix), (es, en)


def test_the_errors_of_a_query_in_spanish() -> None:
    from network import i18n

    with i18n.speaking("es"):
        assert str(errors.UnknownNodeError("Nowhere", ["Somewhere"])) == \
            "Ninguna institución coincide con 'Nowhere'. ¿Quiso decir: 'Somewhere'?"
        assert str(ValidationError([Problem("e.csv", 2, "id", "x")])).startswith(
            "1 problema en el conjunto de datos:\ne.csv:2:id: x")
        with pytest.raises(DataFileError, match="no existe ese archivo ni esa carpeta"):
            load("/no/such/place")
        with pytest.raises(ValidationError) as caught:
            parse_file("e.csv", b"id,source,target\ne1,A,B\ne1,C,D\n")
        assert caught.value.problems[0].message == "id de vínculo 'e1' ya se usa en la fila 2."
