"""HTTP: HTML pages and the JSON API, both calling app.services."""
