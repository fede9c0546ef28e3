"""The local web app: pages and their JSON API, served by the running service (issue 4)."""
