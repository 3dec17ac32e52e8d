"""The web layer: the app factory, its extensions, the access table, error pages, security
headers and the helpers forms and views share."""
