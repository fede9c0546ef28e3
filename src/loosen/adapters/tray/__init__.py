"""The tray icon: a StatusNotifierItem with a dbusmenu menu over the service's D-Bus connection.

``icon`` draws the pictures, ``view`` works out what to show from the runner's status, ``item``
and ``menu`` publish it, ``tray`` registers it with the panel's watcher and answers the menu, and
``host`` tells `loosen doctor` whether a panel is there to show it.
"""
