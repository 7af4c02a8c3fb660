"""The printed dosing summary.

:mod:`cc_dosecalc.summary.document` (no Qt) decides what is on the page;
:mod:`cc_dosecalc.summary.printing` (Qt, imported only to print) lays it out on pages.
"""
