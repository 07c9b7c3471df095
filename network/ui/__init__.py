"""The Dash explorer: layout, component ids and thin callbacks over the pure functions of ``network``."""
