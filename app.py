"""Serve Entanglement Map: ``python app.py`` runs ``entangle serve`` (gunicorn, http://127.0.0.1:8050), and
``gunicorn app:server`` finds the app's Flask server here."""

import sys

if __name__ == "__main__":
    from network.cli import main

    sys.exit(main(["serve", *sys.argv[1:]]))
else:
    from network.ui.app import create_app

    app = create_app()
    server = app.server
