"""Showing a calculated plan in the window: the plan list, the interactions, the status of the
check, and the selected order's dose with its alerts; or, when there is no plan, why not.

Separate from the window so that the window module reads the inputs and calls the engine, and
this one turns what the engine returned into widgets. It holds no state but the drug names of the
formulary in force, built once per formulary rather than on every keystroke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from cc_dosecalc.gui.alerts_view import AlertEntry
from cc_dosecalc.gui.common import level_word, set_text, tr
from cc_dosecalc.gui.plan_panel import PlanPanel
from cc_dosecalc.gui.results_view import ResultsView

if TYPE_CHECKING:  # the domain is imported after the first paint (it loads pint)
    from cc_dosecalc.formulary import Formulary, Level
    from cc_dosecalc.results import OrderResult, PlanResult
    from cc_dosecalc.review import Review, ReviewItem


class PlanDisplay:
    """Puts a plan (or the reason there is none) in the plan panel, the results and the status label."""

    def __init__(self, plan_panel: PlanPanel, results: ResultsView, status_label: QLabel) -> None:
        self._plan_panel = plan_panel
        self._results = results
        self._status_label = status_label
        self._names: dict[str, str] = {}

    def set_formulary(self, formulary: Formulary) -> None:
        self._names = {drug.id: drug.display_name for drug in formulary.drugs}

    def show_no_plan(self, weight_missing: bool, problems: list[str], drug_ids: list[str], current: int | None) -> None:
        """No dose anywhere: the inputs are incomplete or refused. ``drug_ids`` are the planned treatments."""
        if problems:
            message = tr("No dose is shown until the marked entries are corrected:") + "\n" + "\n".join(problems)
        elif weight_missing:
            message = tr("Enter the patient's weight to see doses.")
        else:
            message = tr("No dose is shown.")
        self._results.clear_result(message)
        self._plan_panel.set_entries([(self._names[drug_id], None) for drug_id in drug_ids], current)
        self._plan_panel.set_interactions([])
        if problems or drug_ids:
            status = tr("NOT FOR ORDERING: no doses calculated (the patient's entries are incomplete or refused)")
        else:  # nothing typed, nothing planned yet: nothing to warn about
            status = tr("No plan yet: enter the patient's weight and add treatments.")
        self._plan_panel.set_status("stop" if problems else "info", status, [])
        set_text(self._status_label, tr("No doses calculated"))

    def show_plan(
        self, plan: PlanResult | None, preview: PlanResult | None, review: Review, current: int | None, refused_draft: str = ""
    ) -> OrderResult | None:
        """Show the plan, and order ``current`` of it, or else the last order of ``preview`` (the
        treatment being chosen). ``refused_draft`` names the treatment being chosen when one of its
        entries was refused. Returns the order whose dose is shown, if any."""
        from cc_dosecalc.results import LEVEL_RANK
        from cc_dosecalc.review import review_items, review_status

        items = review_items(plan) if plan is not None else ()
        # the plan list
        entries: list[tuple[str, str | None]] = []
        if plan is not None:
            for index, result in enumerate(plan.orders):
                concerned = _items_for(plan, index, items)
                open_levels = sorted((item.level for item in concerned if review.state(item) == "open"), key=LEVEL_RANK.__getitem__)
                worst = open_levels[0] if open_levels else None
                entries.append((result.text, worst))
        self._plan_panel.set_entries(entries, current)
        interactions = plan.interactions if plan is not None else ()
        self._plan_panel.set_interactions([(item.level, self._drug_names(item.drugs), item.message) for item in interactions])
        # the status of the check
        if plan is None:
            self._plan_panel.set_status("info", tr("No treatments in the plan yet."), [])
            set_text(self._status_label, tr("Plan empty"))
        else:
            status = review_status(plan, review)
            level = "stop" if status.open_stops else "warning" if status.open_warnings else "ok"
            open_items = [_item_line(item) for item in items if review.state(item) == "open"]
            self._plan_panel.set_status(level, status.text(), open_items)
            set_text(self._status_label, status.text())
        # the selected order
        if current is not None and plan is not None:
            return self._show_order(plan, current, items, review, preview=False)
        if preview is not None:
            return self._show_order(preview, len(preview.orders) - 1, review_items(preview), review, preview=True)
        if refused_draft:
            self._results.clear_result(tr("No dose is shown for %1 until its marked entry is corrected.").replace("%1", refused_draft))
        else:
            self._results.clear_result(tr("Choose a treatment to see its dose."))
        return None

    def _show_order(self, plan: PlanResult, index: int, items: tuple[ReviewItem, ...], review: Review, preview: bool) -> OrderResult:
        from cc_dosecalc.results import LEVEL_RANK

        result = plan.orders[index]
        entries: list[AlertEntry] = []
        for item in _items_for(plan, index, items):
            state, given = review.state(item), review.override_of(item.key)
            reason, by = (given.reason, given.by) if given is not None else (None, None)
            entries.append(AlertEntry(item.level, _where(item), item.message, item.key, state, reason, by))
        infos: list[tuple[Level, str, str]] = [("info", "", alert.message) for alert in result.alerts if alert.level == "info"]
        infos += [("info", tr("Patient"), alert.message) for alert in plan.patient_alerts if alert.level == "info"]
        for interaction in plan.interactions:
            if interaction.level == "info" and result.drug.id in interaction.drugs:
                infos.append(("info", self._drug_names(interaction.drugs), interaction.message))
        entries += [AlertEntry(level, where, message) for level, where, message in infos]
        entries.sort(key=lambda entry: LEVEL_RANK[entry.level])
        self._results.show_result(result, entries, preview)
        return result

    def _drug_names(self, drug_ids: tuple[str, ...]) -> str:
        """The treatments of an interaction by name, joined with " + "."""
        return " + ".join(self._names.get(drug, drug) for drug in drug_ids)


def _items_for(plan: PlanResult, index: int, items: tuple[ReviewItem, ...]) -> list[ReviewItem]:
    """The review items that concern order ``index``: its own, the patient's, its interactions."""
    drug_id = plan.orders[index].drug.id
    return [
        item for item in items if item.order_index == index or not item.drug_ids or (item.order_index is None and drug_id in item.drug_ids)
    ]


def _where(item: ReviewItem) -> str:
    if not item.drug_ids:
        return tr("Patient")
    if item.order_index is None:
        return tr("Interaction ") + item.where
    return ""


def _item_line(item: ReviewItem) -> str:
    where = _where(item) or item.where
    return f"{level_word(item.level)}: {where}: {item.message}"
