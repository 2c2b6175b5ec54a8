"""The server-rendered web page (issue #7): routes, templates and static files."""
