"""Serve Entanglement Map: ``python app.py`` (http://127.0.0.1:8050) or ``gunicorn app:server``."""

from network.ui.app import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8050, debug=False)
