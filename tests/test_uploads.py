"""Uploads in the explorer, as plain callbacks: load, report, map columns, keep per browser, limits."""

from __future__ import annotations

import base64
import json
from contextvars import Context, copy_context

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

from network import i18n
from network.io import DEFAULT_LIMITS
from network.ui import address as ad
from network.ui import callbacks as cb
from network.ui import datasets, ids, uploads
from network.ui import upload_panel as up
from network.ui.app import create_app

GOOD = b"source,target,status\nRiverside High,Riverside Police,documented\nRiverside Police,ICE,reported\n"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ENTANGLE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module", autouse=True)
def app():
    app = create_app()
    with app.server.app_context():  # callbacks find the app's data sets as they do in a request
        yield app


def encoded(data: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def outputs(result):
    """An upload callback's outputs by name (the callback gives them by name already; this checks the names)."""
    assert set(result) == set(up.OUTPUTS)
    return result


def open_link(search: str, browser) -> dict:
    """The page loaded at ``search`` in a browser with this store: address → state, by name."""
    def call():
        context_value.set(AttributeDict(triggered_inputs=[]))
        return ad.open_address(address=None, search=search, browser=browser, query={"dataset": "default"})

    return copy_context().run(call)


def test_a_good_file_loads_and_points_the_view_at_it(app):
    out = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))
    assert out["search"].startswith("?data=") and len(out["search"]) == len("?data=") + 16
    assert out["status"].startswith("Loaded riverside.csv: 3 institutions, 2 flow links")
    browser = out["browser"]
    assert len(browser["secret"]) == 32 and list(browser["sets"]) == [out["search"][6:]]
    result = open_link(out["search"], browser)
    store, notice = result["query"], result["notice"]
    assert notice == "" and uploads.is_storage_key(store["dataset"])
    assert datasets.get(store["dataset"]).nodes["ICE"].kind == "unknown"


def test_a_bad_file_is_reported_and_nothing_changes(app):
    out = outputs(up.read_dropped([encoded(b"source,target,status\nA,B,sure\n,C,reported\n")], ["bad.csv"], None))
    assert out["search"] is no_update
    assert out["status"].startswith("bad.csv: 2 errors, so nothing was loaded; the data on screen is unchanged.")
    assert [(r["row"], r["column"]) for r in out["report"]] == [(2, "status"), (3, "source")]
    assert out["report_hidden"] is False


def test_missing_columns_ask_for_a_mapping_then_load(app):
    out = outputs(up.read_dropped([encoded(b"Von,Nach,status\nSchool,ICE,reported\n")], ["von.csv"], None))
    assert out["mapping_hidden"] is False and out["search"] is no_update
    assert out["options"]["source"] == [{"label": c, "value": c} for c in ("Von", "Nach", "status")]
    assert out["values"]["status"] == "status"  # guessed from its name
    picked = {"source": "Von", "target": "Nach", "relation": None, "status": "status", "start": None, "end": None}
    mapped = outputs(up.read_mapped(picked, out["browser"]))
    assert mapped["search"].startswith("?data=") and "2 institutions" in mapped["status"]
    missing = outputs(up.read_mapped(picked | {"target": None, "status": None}, out["browser"]))
    assert missing["status"] == "Pick the source and the target columns."


def test_size_limit_is_checked_before_decoding(app):
    huge = "data:text/csv;base64," + "A" * (DEFAULT_LIMITS.max_bytes * 4 // 3 + 400)
    out = outputs(up.read_dropped([huge], ["huge.csv"], None))
    assert "larger than 25 MB, the limit" in out["report"][0]["message"]
    assert out["search"] is no_update


def test_two_files_with_one_name_and_forged_uploads(app):
    out = outputs(up.read_dropped([encoded(GOOD), encoded(GOOD)], ["edges.csv", "edges.csv"], None))
    assert out["report"][0]["message"] == "was uploaded twice."
    for contents, names in [(None, None), ("x", 3), ([1, 2], ["a"]), (["data:,%%%"], ["a.csv"])]:
        forged = outputs(up.read_dropped(contents, names, {"secret": "../../etc"}))
        assert forged["search"] is no_update


def test_an_upload_is_private_to_its_browser(app):
    mine = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))
    theirs = outputs(up.read_dropped([encoded(GOOD.replace(b"ICE", b"CBP"))], ["other.csv"], None))
    assert mine["browser"]["secret"] != theirs["browser"]["secret"]
    # the same link opened in the other browser does not open my data, and says why
    result = open_link(mine["search"], theirs["browser"])
    assert result["query"]["dataset"] == "default"
    assert "uploaded in another browser" in result["notice"] and "load the same file here first" in result["notice"]
    # the same file uploaded there gets the same public id, so the link then works for them too
    again = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], theirs["browser"]))
    assert again["search"] == mine["search"]
    assert open_link(mine["search"], again["browser"])["notice"] == ""


def test_a_reload_in_another_worker_reads_the_upload_from_disk(app):
    out = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))
    datasets.of(app.server).forget()  # as if this request reached a worker that never saw the upload
    result = open_link(out["search"], out["browser"])
    assert result["notice"] == "" and datasets.get(result["query"]["dataset"]).summary()["flow_edges"] == 2


def test_report_download_is_spreadsheet_safe():
    report = up.download_report(1, [{"severity": "error", "file": "e.csv", "row": 2, "column": "source",
                                     "message": "=HYPERLINK(x)", "fix": "+1"}])
    assert "'=HYPERLINK(x)" in report["content"] and ",'+1" in report["content"]


def test_export_downloads_each_format(app):
    for fmt in ("zip", "graphml", "gexf", "json", "forged"):
        out = up.export_bytes(fmt, "default")
        assert out["base64"] and out["filename"].startswith("entanglement-data.")


def test_an_oversized_post_is_refused_by_the_server(app):
    client = app.server.test_client()
    body = b"x" * (app.server.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413


def test_the_dataset_title_says_whose_data(app):
    out = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))
    key = open_link(out["search"], out["browser"])["query"]["dataset"]
    title = cb.show_dataset(key)["title"]
    assert title == "Your data: riverside.csv"
    assert cb.show_dataset("default")["title"].startswith("Entanglement Map: Boston")
    assert ids.UPLOAD  # the panel is part of the page


def test_old_uploads_are_pruned(app, cache):
    import os
    import time

    out = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))
    [folder] = [p for p in cache.iterdir() if uploads.is_storage_key(p.name)]
    assert uploads.prune() == 0
    old = time.time() - (uploads.KEEP_DAYS + 1) * 86400
    os.utime(folder / "meta.json", (old, old))
    assert uploads.prune() == 1 and not folder.exists()
    datasets.of(app.server).forget()
    assert "uploaded in another browser" in open_link(out["search"], out["browser"])["notice"]


def test_pages_of_an_upload_take_its_key_from_the_form_only(app):
    out = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))
    key = open_link(out["search"], out["browser"])["query"]["dataset"]
    client = app.server.test_client()
    view = "?from=Riverside%20High&to=ICE"
    posted = client.post("/present" + view, data={"dataset": key}).get_data(as_text=True)
    assert "Riverside High" in posted
    # the same address without the form shows the bundled data set; a key in the address is not honoured
    assert "Riverside High" not in client.get("/present" + view).get_data(as_text=True)
    assert "Riverside High" not in client.get(f"/present{view}&dataset={key}").get_data(as_text=True)
    handout = client.post("/handout" + view, data={"dataset": key}).get_data(as_text=True)
    assert f'name="dataset" value="{key}"' in handout and "Riverside High" in handout
    pdf = client.post("/handout.pdf" + view, data={"dataset": key})
    assert pdf.data[:5] == b"%PDF-"
    links = cb.update_links(out["search"], {"dataset": key, "origins": []})
    actions, keys = list(links["action"].values()), list(links["dataset"].values())
    paths = ["/present", "/handout", "/handout.pdf", "/export.html"]
    assert [a.split("?")[0] for a in actions] == paths
    assert all(a.startswith(p + out["search"]) for a, p in zip(actions, paths, strict=True))
    assert keys == [key] * 4 and all(key not in a for a in actions)


# --- in Spanish: the jobs run outside the request, so they are given the page's language ---------------------------

def test_a_spanish_upload_is_answered_in_spanish(app):
    with i18n.speaking("es"):
        out = outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))
        bad = outputs(up.read_dropped([encoded(b"source,target,status\nA,B,sure\n,C,reported\n")], ["bad.csv"], None))
        twice = outputs(up.read_dropped([encoded(GOOD), encoded(GOOD)], ["e.csv", "e.csv"], None))
    assert out["status"] == ("Se cargó riverside.csv: 3 instituciones, 2 vínculos de flujo, 0 vínculos de contexto, "
                             "0 fuentes, 0 eventos.")
    assert bad["status"].startswith("bad.csv: 2 errores, así que no se cargó nada; los datos en pantalla no cambiaron.")
    assert {r["severity"] for r in bad["report"]} == {"error"}
    assert (twice["report"][0]["message"], twice["report"][0]["fix"]) == (
        "se subió dos veces.", "Deje un solo archivo con cada nombre.")
    assert outputs(up.read_dropped([encoded(GOOD)], ["riverside.csv"], None))["status"].startswith("Loaded")


def test_the_column_mapping_works_in_spanish(app):
    """The mapping is offered from the file's header, not from the words of the report (which are Spanish)."""
    with i18n.speaking("es"):
        out = outputs(up.read_dropped([encoded(b"Von,Nach,status\nSchool,ICE,reported\n")], ["von.csv"], None))
        assert out["mapping_hidden"] is False
        assert out["status"] == ("Todavía no se cargó nada; los datos en pantalla no cambiaron. Indique abajo qué "
                                 "columna contiene cada dato.")
        picked = {"source": "Von", "target": "Nach", "relation": None, "status": "status", "start": None, "end": None}
        missing = outputs(up.read_mapped(picked | {"target": None}, out["browser"]))
        assert missing["status"] == "Elija las columnas de origen y de destino."
        said: list[str] = []
        mapped = outputs(up.read_mapped(picked, out["browser"], said.append))
    assert mapped["status"].startswith("Se cargó von.csv: 2 instituciones, 1 vínculo de flujo")
    assert said == ["Revisando von.csv con las columnas que eligió…"]


def _as_a_job(fn, *args):
    """Run a callback as its job process does: in a fresh context, where the request's language never was."""
    return Context().run(fn, *args)


def test_a_job_speaks_the_language_of_its_page(app):
    said: list[str] = []
    with i18n.speaking("es"):  # the request's language does not reach the job: only the page's store does
        english = _as_a_job(up.upload_files, said.append, [encoded(GOOD)], ["riverside.csv"], None, "en")
    spanish = _as_a_job(up.upload_files, said.append, [encoded(GOOD)], ["riverside.csv"], None, "es")
    assert english["status"].startswith("Loaded riverside.csv") and spanish["status"].startswith("Se cargó")
    assert said[:2] == ["Decoding the files…", "Checking riverside.csv (0.0 MB)…"]
    assert said[2:] == ["Decodificando los archivos…", "Revisando riverside.csv (0,0 MB)…"]
    for forged in (None, "xx", ["es"], {"lang": "es"}, "es" * 1000):
        assert _as_a_job(up.upload_files, said.append, [encoded(GOOD)], ["r.csv"], None, forged)["status"].startswith(
            "Loaded")
    picked = {f: None for f in up.MAPPED_FIELDS}
    assert _as_a_job(up.apply_mapping, said.append, 1, picked, None, "es")["status"] == (
        "Elija las columnas de origen y de destino.")
    failed = _as_a_job(up.export_dataset, 1, "zip", {"dataset": "default"}, "es")
    assert failed["status"] == "" and failed["download"]["filename"] == "entanglement-data.zip"


def test_exports_are_the_same_files_in_spanish(app):
    """The data formats are not translated: a Spanish page downloads the very bytes an English one does."""
    for fmt in ("graphml", "gexf", "json"):
        with i18n.speaking("es"):
            spanish = up.export_bytes(fmt, "default")
        assert spanish == up.export_bytes(fmt, "default")


def test_the_report_and_its_download_in_spanish(app):
    with i18n.speaking("es"):
        report = up.download_report(1, [{"severity": "advertencia", "file": "e.csv", "row": 2, "column": "source",
                                         "message": "m", "fix": "f"}])
        panel = str(up.upload_panel())
    assert report["content"].splitlines()[0] == "gravedad,archivo,fila,columna,mensaje,solución"
    assert up.download_report(1, [])["content"] == "severity,file,row,column,message,fix\n"
    for words in ("Sus datos", "Cancelar", "Informe de validación", "'headerName': 'Gravedad'",
                  "Escribiendo el archivo…", "Arrastre y suelte los archivos aquí, o ", "elija archivos",
                  " (hasta 25 MB)", "(ninguna)", "Origen (donde empieza el expediente)", "Carpeta de CSV (.zip)"):
        assert words in panel, words


def test_the_page_gives_its_language_and_the_too_large_words(app):
    """The page (built per language) holds the jobs' language and assets/upload_size.js's words."""
    client = app.server.test_client()
    for lang, said in (("es", "ocupa más de {limit}"), ("en", "is larger than {limit}")):
        layout = client.get("/_dash-layout", headers={"Referer": f"http://localhost/?lang={lang}"}).get_data(
            as_text=True)
        assert f'"id": "{ids.UPLOAD_LANGUAGE}"' in layout.replace('":"', '": "')
        root = json.loads(layout)["props"]
        words = json.loads(root["data-upload-words"])
        assert said in words["one"] and "{files}" in words["many"] and words["decimal"] == {"es": ",", "en": "."}[lang]
        store = _find(json.loads(layout), ids.UPLOAD_LANGUAGE)
        assert store["props"]["data"] == lang


def _find(component, cid):
    if isinstance(component, dict):
        if component.get("props", {}).get("id") == cid:
            return component
        children = component.get("props", {}).get("children")
        for child in children if isinstance(children, list) else [children]:
            found = _find(child, cid)
            if found is not None:
                return found
    return None


def test_a_story_is_answered_in_spanish(app):
    from network.ui import story_panel as sp

    story = json.dumps({"title": "A story", "steps": [{"title": "A step", "view": "?from=ebhs"}]}).encode()
    with i18n.speaking("es"):
        loaded = sp.upload_story(encoded(story, "application/json"), "s.json", {"dataset": "default"})
        broken = sp.upload_story("nonsense", "s.json", {"dataset": "default"})
        rendered = sp.render_story({"steps": []})
        cleared = sp.clear_story(1)
    assert loaded["message"] == "Se cargó 1 paso de s.json."
    assert broken["message"] == "s.json: no se pudo leer."
    assert json.loads(rendered["payload"])["title"] == "Mi relato" and cleared["title"] == "Mi relato"
