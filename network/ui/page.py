"""The page: header, controls, map, timeline, routes, levers and the about panel."""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag
from dash import dcc, hooks, html

from .. import i18n
from ..figure_locale import plotly_locale
from ..figures import PLOTLY_CONFIG
from ..i18n import _
from ..io import DEFAULT_LIMITS
from ..model import Dataset
from ..viewstate import ViewState
from ..vocabulary import STATUS_MEANINGS, STATUSES
from . import ids
from .controls import control_options, control_values, date_forms
from .map_text import map_panel
from .page_words import SVG_TITLE, UPDATE_TITLE, grid_locale, script_words
from .route_cards import route_cards_panel
from .story_panel import story_panel
from .upload_panel import too_large_words, upload_panel
from .views import about_panel, status_word

__all__ = ["build_layout", "MAP_MODEBAR", "NARROW"]

#: The map's toolbar: the camera (a PNG of the map) and the zoom; plotly.js's other buttons (box and lasso select,
#: autoscale, spikes) do nothing for this map and would only be more tab stops. The keyboard reaches these four
#: (the toolbar shows itself then, with a focus ring: assets/style.css).
MAP_MODEBAR = [["toImage", "zoomIn2d", "zoomOut2d", "resetScale2d"]]
#: Below this width the controls fold behind "Choose the view" (assets/a11y.js closes them there at load) and the
#: page is one column: assets/style.css has the same width in its media queries; keep them in step.
NARROW = "(max-width: 900px)"


def _in_language(index: str) -> str:
    """The explorer's index page in the request's language. It says its language (Dash's has a bare ``<html>``),
    as the slides, handout and standalone file do (network/templates/base.html): screen readers read it in
    English, browsers translate it. And the tab's title while the page works is in that language: Dash takes one
    ``update_title`` for the whole app, written into the page's config as JSON (ASCII, as Dash writes it)."""
    index = index.replace("<html>", f'<html lang="{i18n.language()}">', 1)
    english = '"update_title":' + json.dumps(UPDATE_TITLE)
    return index.replace(english, '"update_title":' + json.dumps(_(UPDATE_TITLE)), 1)


hooks.index()(_in_language)  # every Dash app's index page, as it is served (dash.hooks: no decorator, which is untyped)


def _page_form(label: str, form_id: str, action: str, target: str, title: str) -> html.Form:
    """A button that opens a page of this view. A form, not a link: for uploaded data it posts the data set's
    key, which must never stand in an address that could be copied and shared."""
    return html.Form(id=form_id, action=action, method="post", target=target, className="page-form", children=[
        dcc.Input(type="hidden", name="dataset", value="", id=ids.FORM_DATASET[form_id]),
        html.Button(label, type="submit", className="action", title=title),
    ])


def _attrs(**names: str) -> dict[str, Any]:
    """HTML attributes whose names have dashes (``aria_label`` -> ``aria-label``), to pass as ``**_attrs(...)``."""
    return {name.replace("_", "-"): value for name, value in names.items()}


def _graph_config(**extra: Any) -> Any:
    """A graph's plotly.js config: ``PLOTLY_CONFIG`` (no Plotly logo, nothing sent to Plotly's cloud) and ``extra``.
    Typed ``Any``: dcc.Graph's typed config takes no plain dict."""
    return {**PLOTLY_CONFIG, **extra}


def _label(text: str, for_id: str, **extra: str) -> html.Label:
    """A control's visible label. Dash 4's pickers, sliders and checklists are no elements a <label> names, so
    assets/a11y.js names them by it (aria-labelledby); ``data_label_also`` names one more widget."""
    return html.Label(text, htmlFor=for_id, className="control-label", **_attrs(**extra))


#: Said in the language the link leads to, as its name is.
_SWITCH_TITLES = {"en": "Show this view in English", "es": "Ver esta vista en español"}


def _language_switch() -> html.A:
    """The link to this view in the other language, named in that language (and marked so: a screen reader
    says 'Español' as Spanish). A plain link: the page is built again in the language chosen."""
    other = next(code for code in i18n.LANGUAGES if code != i18n.language())
    return html.A(i18n.LANGUAGES[other], id=ids.LANGUAGE_SWITCH, href=f"?lang={other}", className="action",
                  lang=other, hrefLang=other, title=_SWITCH_TITLES[other])


def build_layout(ds: Dataset, dataset_key: str, has_story: bool = False) -> html.Div:
    """The whole page for a data set. Initial values are the defaults; the URL then restores a view."""
    value = control_values(ds, ViewState())  # the default view; a link then sets the controls to its own
    offer = control_options(ds)
    locale = plotly_locale()  # the toolbar's titles and the timeline's months in the reader's language
    map_config = _graph_config(modeBarButtons=MAP_MODEBAR, toImageButtonOptions={
        "format": "png", "filename": "entanglement-map", "width": 1600, "height": 900, "scale": 2}, **locale)
    controls: list[Any] = [
        _label(_("From"), ids.ORIGIN),
        dcc.Dropdown(id=ids.ORIGIN, options=offer["origin"], value=value["origin"], multi=True,
                     placeholder=_("Pick a school, or any school")),
        _label(_("To"), ids.TARGET),
        dcc.Dropdown(id=ids.TARGET, options=offer["target"], value=value["target"], multi=True,
                     placeholder=_("Pick where records end up")),
        _label(_("Longest route (links)"), ids.HOPS),
        dcc.Slider(id=ids.HOPS, min=1, max=8, step=1, value=value["hops"],
                   marks={i: str(i) for i in range(1, 9)}, allow_direct_input=False),
        _label(_("Evidence admitted"), ids.STATUSES),
        dcc.Checklist(id=ids.STATUSES, value=value["statuses"], className="statuses",
                      options=[{"label": html.Span(status_word(s), title=_(STATUS_MEANINGS[s]),
                                                  className=f"status status-{s}"),
                                "value": s} for s in STATUSES]),
        dcc.Checklist(id=ids.CONTINUOUS, value=value["continuous"], className="continuous", options=[
            {"label": _("Only routes where each handoff is established (no possible routes)"), "value": "on"}]),
        _label(_("Kinds of flow"), ids.RELATIONS),
        dcc.Dropdown(id=ids.RELATIONS, multi=True, value=value["relations"], placeholder=_("All kinds of flow"),
                     options=offer["relations"]),
        _label(_("Date"), ids.DATE_ON, data_label_also=ids.DATE),
        dcc.Checklist(id=ids.DATE_ON, value=value["date_on"], options=[
            {"label": _("Only links open on the date below"), "value": "on"}]),
        # a position is a month (year × 12 + month − 1): assets/date_slider.js says it as a date
        dcc.Slider(id=ids.DATE, min=offer["date_min"], max=offer["date_max"], step=1, value=value["date"],
                   marks=offer["date_marks"], allow_direct_input=False, updatemode="mouseup",
                   tooltip={"transform": "explorerMonth", "placement": "bottom"}),
        html.Div(id=ids.DATE_LABEL, className="date-label", **_attrs(data_valuetext_for=ids.DATE)),
        _label(_("Or type a date: {forms}").format(forms=date_forms()), ids.DATE_TEXT),
        dcc.Input(id=ids.DATE_TEXT, type="text", value="", placeholder=_("e.g. June 2016"), autoComplete="off",
                  className="date-text"),
        html.Div(id=ids.DATE_MESSAGE, className="date-message", role="status"),
        _label(_("What if these were gone?"), ids.WITHOUT),
        dcc.Dropdown(id=ids.WITHOUT, options=offer["without"], value=value["without"], multi=True,
                     placeholder=_("Remove an institution or a link")),
        html.Button(_("Restore everything"), id=ids.WITHOUT_RESET, className="button-secondary", n_clicks=0),
        html.Fieldset([
            html.Legend(_("Map")),
            dcc.Checklist(id=ids.CONTEXT, value=value["context"], options=[
                {"label": _("Show funding, oversight and other context links"), "value": "on"}]),
            dcc.Checklist(id=ids.SHOW_CUT, value=value["show_cut"], options=[
                {"label": _("Mark the minimum cut"), "value": "on"}]),
            _label(_("Clicking an institution or link on the map:"), ids.CLICK_MODE),
            dcc.RadioItems(id=ids.CLICK_MODE, value=value["click_mode"], options=[
                {"label": _("makes it the origin"), "value": "origin"},
                {"label": _("makes it the target"), "value": "target"},
                {"label": _("removes it (what if)"), "value": "remove"},
            ]),
        ]),
        story_panel(),
    ]
    grid = dag.AgGrid(
        id=ids.ROUTES_GRID,
        rowData=[],
        columnDefs=[
            {"field": "rank", "headerName": "#", "width": 64},
            {"field": "length", "headerName": _("Links"), "width": 84},
            {"field": "evidence", "headerName": _("Strength"), "width": 130, "wrapText": True, "autoHeight": True,
             "headerTooltip": _("The weakest evidence among the route's links and handoffs; a possible route "
                                "has a handoff that is not established"),
             "cellClass": {"function": "'cell-route cell-status cell-status-' + params.data.strength"}},
            {"field": "when", "headerName": _("When"), "width": 150, "wrapText": True, "autoHeight": True,
             # by the row's own flag, not its words: a closed route's date says 'closed' in English only
             "cellClass": {"function": "'cell-route' + (params.data.closed ? ' cell-closed' : '')"}},
            {"field": "route", "headerName": _("Route"), "flex": 1, "wrapText": True, "autoHeight": True,
             "cellClass": "cell-route"},
        ],
        getRowId="params.data.key",
        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
                         "domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20,
                         "localeText": grid_locale(),
                         # one tab stop: Tab leaves the table (AG Grid's default moves cell to cell, five a row);
                         # the arrow keys move inside it and Space selects a row
                         "tabToNextCell": {"function": "false"}, "tabToNextHeader": {"function": "false"}},
        columnSize="responsiveSizeToFit",
        className="routes-grid",
        style={"width": "100%"},
    )
    # assets/explorer.js reads the address store's id here, to open the address a back or forward step reaches;
    # assets/trouble.js the area where it says a callback went unanswered; assets/upload_size.js the upload zone,
    # its status line and the size limit, to say why a file too large was not uploaded; assets/date_slider.js the
    # date slider, to say its positions as dates; assets/copy_link.js Copy link, to keep the focus on its button
    return html.Div(className="app", **_attrs(data_address_store=ids.ADDRESS, data_trouble=ids.TROUBLE,
                                              data_upload=ids.UPLOAD, data_upload_status=ids.UPLOAD_STATUS,
                                              data_upload_max_bytes=str(DEFAULT_LIMITS.max_bytes),
                                              data_upload_words=too_large_words(),
                                              data_date_slider=ids.DATE, data_copy_link=ids.COPY_LINK,
                                              data_words=script_words()), children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.ADDRESS),
        dcc.Store(id=ids.QUERY_STORE, data={"dataset": dataset_key}),
        dcc.Store(id=ids.ROUTE_STORE, data=""),
        dcc.Store(id=ids.MAP_OPEN, data=""),
        dcc.Store(id=ids.VIEW_OPENED),
        dcc.Store(id=ids.DATASET_KEY, data=dataset_key),
        dcc.Store(id=ids.BROWSER_STORE, storage_type="local"),
        # "Skip to ...", shown on focus: past the header's buttons and the controls to what the page is about.
        # assets/a11y.js moves the focus there without changing the address (a #fragment would be a new history
        # step, which the explorer opens as a link)
        html.Nav(className="skip-links", **_attrs(aria_label=_("Skip links")), children=[
            html.A(_("Skip to the map"), href=f"#{ids.MAP_SECTION}", className="skip-link"),
            html.A(_("Skip to the routes"), href=f"#{ids.ROUTES_SECTION}", className="skip-link"),
        ]),
        html.Header(className="app-header", children=[
            html.Div([html.H1("Entanglement Map"), html.P(ds.title, id=ids.DATASET_TITLE, className="dataset-title"),
                      html.P(_("The routes by which a student's record can travel from a school to immigration "
                               "enforcement, link by link, with the evidence for each."), className="page-purpose")]),
            html.Nav(className="header-actions", **_attrs(aria_label=_("Share and present")), children=[
                _page_form(_("Present"), ids.LINK_PRESENT, "/present", "_self",
                           _("Open this view as slides (arrow keys or a clicker to move, Esc to leave)")),
                # always on the page (hidden where there is no story to show: an upload's data is not the story's)
                html.A(_("Story"), id=ids.LINK_STORY, href="/present/story", className="action",
                       title=_("The data set's own step-by-step story"), hidden=not has_story),
                _page_form(_("Handout"), ids.LINK_HANDOUT, "/handout", "_blank",
                           _("A page to print, with every route and source")),
                _page_form("PDF", ids.LINK_HANDOUT_PDF, "/handout.pdf", "_self", _("The handout as a PDF (A4)")),
                _page_form(_("HTML file"), ids.LINK_EXPORT_HTML, "/export.html", "_self",
                           _("One file with the interactive map, routes and sources; opens with no network")),
                html.Button("SVG", id=ids.SVG_BUTTON, className="action", n_clicks=0, title=_(SVG_TITLE)),
                # a button inside, so the keyboard reaches it (dcc.Clipboard itself is a <div>)
                dcc.Clipboard(html.Button(_("Copy link"), type="button", className="action"), id=ids.COPY_LINK,
                              copied_children=html.Button(_("Link copied"), type="button", className="action"),
                              title=_("Copy a link to exactly this view"), className="copy-link"),
                _language_switch(),
            ]),
        ]),
        html.Div(id=ids.NOTICE, className="notice", role="status"),
        html.Div(id=ids.TROUBLE, className="notice trouble", role="alert", **_attrs(aria_live="assertive")),
        html.Div(className="layout", children=[
            html.Aside(className="controls", **_attrs(aria_label=_("Query")), children=[
                # open on a wide screen (its summary hidden); closed at load on a narrow one (assets/a11y.js)
                html.Details(id=ids.QUERY_PANEL, open=True, className="query-panel", **_attrs(data_narrow=NARROW),
                             children=[html.Summary(_("Choose the view"), className="query-summary"),
                                       html.Div(controls, className="query-controls")]),
            ]),
            html.Main(className="content", children=[
                html.Section(id=ids.MAP_SECTION, className="map-section", tabIndex="-1", children=[
                    html.H2(id=ids.ROUTES_SUMMARY, children=_("Routes"), className="routes-summary",
                            **_attrs(aria_live="polite")),
                    html.Div(id=ids.MAP_NOTE, className="map-note"),
                    map_panel(dcc.Loading(dcc.Graph(id=ids.MAP, config=map_config), type="circle", delay_show=300)),
                    dcc.Graph(id=ids.TIMELINE, config=_graph_config(displayModeBar=False, **locale),
                              className="timeline"),
                    html.Div(id=ids.ROUTES_CONTEXT, className="routes-context"),
                ]),
                html.Div(className="panels", children=[
                    html.Section(id=ids.ROUTES_SECTION, className="routes-section", tabIndex="-1", children=[
                        html.H2(_("Routes, shortest first"), **_attrs(data_label_also=ids.ROUTE_CARDS)),
                        grid,
                        route_cards_panel(),
                        html.Div(id=ids.ROUTE_DETAIL, className="route-detail"),
                    ]),
                    html.Section(className="levers-section", children=[
                        html.H2(_("What would cut every route")),
                        dcc.Loading(html.Div(id=ids.LEVERS), type="dot", delay_show=300),
                    ]),
                ]),
                upload_panel(),
                html.Details(className="about", children=[
                    html.Summary(_("About this data")),
                    html.Div(about_panel(ds), id=ids.ABOUT),
                ]),
            ]),
        ]),
    ])
