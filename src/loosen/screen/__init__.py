"""The break screen: a short-lived child process of the service (tkinter), one per break shown.

``model`` decides what it shows and what keys do (no Tk), ``window`` draws it on every monitor,
``figure`` draws the stick figure, ``child`` runs it and speaks JSON lines with the service
(``loosen.service.break_screen``), ``wording`` holds every word it shows.
"""
