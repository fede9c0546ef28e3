"""The tray icon through pystray, in a child process of the service (``python -m
loosen.pystray_child``): macOS and Windows, and Linux when ``tray.backend = "pystray"``.

``build`` makes what pystray shows from the service's lines (the picture as a PIL image, the
menu, the tooltip); ``child`` runs the icon and speaks JSON lines with the service. pystray and
Pillow are imported here only, never in the service (``service/tray_child.py`` starts this).
"""
