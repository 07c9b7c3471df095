"""Component ids, in one place, kebab-case and prefixed by area. Scripts in assets/ get theirs from the page (a
``data-`` attribute or a callback's argument), never written by hand."""

URL = "url"
NOTICE = "page-notice"
TROUBLE = "page-trouble"  # what assets/trouble.js says when the server did not answer a callback

ORIGIN = "query-origin"
TARGET = "query-target"
HOPS = "query-hops"
STATUSES = "query-statuses"
RELATIONS = "query-relations"
DATE_ON = "query-date-on"
DATE = "query-date"
DATE_LABEL = "query-date-label"
DATE_TEXT = "query-date-text"  # a date as people write it: 2016-06, 2016-06-01, June 2016
DATE_MESSAGE = "query-date-message"  # why a date typed there was not used
WITHOUT = "whatif-removed"
WITHOUT_RESET = "whatif-reset"
CONTEXT = "map-context"
SHOW_CUT = "map-show-cut"
CLICK_MODE = "map-click-mode"

QUERY_STORE = "store-query"  # the checked view the results are drawn from, with the data set's key
ROUTE_STORE = "store-route"
ADDRESS = "store-address"  # an address to open as a link: back and forward, an upload, the bundled data again
VIEW_OPENED = "store-view-opened"  # the view a link opened, for the controls to show

MAP = "map-graph"
MAP_NOTE = "map-note"
MAP_OPEN = "store-map-open"  # the group of an aggregated map opened by a click (its key), or ""
MAP_FRAME = "map-frame"  # the map's one tab stop: arrow keys move along links (assets/map_keys.js)
MAP_KEYS_HINT = "map-keys-hint"
MAP_KEYS_LIVE = "map-keys-live"  # where the keyboard is on the map, said politely
MAP_HOPS = "map-hops"  # the selected route, hop by hop, beside the map
MAP_TABLE_BUTTON = "map-table-button"
MAP_TABLE = "map-table"  # the map as tables: institutions and links with their evidence
ROUTES_CSV_BUTTON = "routes-csv-button"
ROUTES_CSV_DOWNLOAD = "routes-csv-download"
TIMELINE = "timeline-graph"

ROUTES_SUMMARY = "routes-summary"
ROUTES_CONTEXT = "routes-context"
CONTINUOUS = "query-continuous"  # beside the count: continuity not assessed, known outcomes
ROUTES_GRID = "routes-grid"
ROUTE_DETAIL = "route-detail"
MAP_SECTION = "map-section"  # where "Skip to the map" goes
ROUTES_SECTION = "routes-section"  # where "Skip to the routes" goes
ROUTE_CARDS = "route-cards"  # the routes as cards, shown instead of the table on a phone
ROUTE_CARDS_PANEL = "route-cards-panel"  # the cards, drawn anew for each set of rows
QUERY_PANEL = "query-panel"  # the controls, behind "Choose the view" on a narrow screen
LEVERS = "levers-panel"
ABOUT = "about-panel"
COPY_LINK = "copy-link"
LANGUAGE_SWITCH = "language-switch"  # the link to this view in the other language

LINK_PRESENT = "link-present"
LINK_STORY = "link-present-story"
LINK_HANDOUT = "link-handout"
LINK_HANDOUT_PDF = "link-handout-pdf"
LINK_EXPORT_HTML = "link-export-html"
#: The hidden field of each page's form that posts an uploaded data set's key.
FORM_DATASET = {form: f"{form}-dataset" for form in (LINK_PRESENT, LINK_HANDOUT, LINK_HANDOUT_PDF, LINK_EXPORT_HTML)}
SVG_BUTTON = "map-download-svg"

STORY_STORE = "story-store"
STORY_TITLE = "story-step-title"
STORY_CAPTION = "story-step-caption"
STORY_ADD = "story-add"
STORY_CLEAR = "story-clear"
STORY_LIST = "story-list"
STORY_DOWNLOAD = "story-download"
STORY_DOWNLOAD_BUTTON = "story-download-button"
STORY_UPLOAD = "story-upload"
STORY_MESSAGE = "story-message"
STORY_FORM_VALUE = "story-form-value"
STORY_PRESENT = "story-present"

DATASET_KEY = "store-dataset-key"
BROWSER_STORE = "store-browser"
DATASET_TITLE = "dataset-title"

UPLOAD = "data-upload"
UPLOAD_STATUS = "data-upload-status"
UPLOAD_BACK = "data-back-to-default"
UPLOAD_PROGRESS = "data-upload-progress"
UPLOAD_CANCEL = "data-upload-cancel"
UPLOAD_LANGUAGE = "data-upload-language"  # the page's language, for the upload and export jobs (run outside requests)
EXPORT_PROGRESS = "data-export-progress"
MAPPING = "data-mapping"
MAPPING_APPLY = "data-mapping-apply"
#: The column picker of each field a user can map.
MAPPING_FIELD = {field: f"{MAPPING}-{field}" for field in ("source", "target", "relation", "status", "start", "end")}
REPORT = "data-report"
REPORT_GRID = "data-report-grid"
REPORT_DOWNLOAD = "data-report-download"
REPORT_DOWNLOAD_BUTTON = "data-report-download-button"
EXPORT_FORMAT = "data-export-format"
EXPORT_BUTTON = "data-export-button"
#: The export button's two words, one shown at a time (a job's running values are fixed when it is registered, in
#: English: the page's own words, in its language, are shown and hidden instead).
EXPORT_IDLE = "data-export-idle"
EXPORT_WRITING = "data-export-writing"
EXPORT_DOWNLOAD = "data-export-download"


def hop(number: int) -> str:
    """The element of a route's hop in the route detail (1 for the first hop)."""
    return f"hop-{number}"
