"""The printed dosing summary.

:mod:`cc_dosecalc.summary.document` (no Qt) decides what is on the page, written out as HTML
by :mod:`cc_dosecalc.summary.html_page` and as text by :mod:`cc_dosecalc.summary.plain_text`;
:mod:`cc_dosecalc.summary.printing` (Qt, imported only to print) lays it out on pages.
"""
