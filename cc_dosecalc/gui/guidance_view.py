"""The reference's guidance, shown where treatments are chosen: lesion size, extent of the
disease, general measures and the treatments that need no dose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from cc_dosecalc.formulary import Drug, Formulary


class GuidanceView(QGroupBox):
    def __init__(self, formulary: Formulary | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Guidance from the reference"), parent)
        self.setObjectName("guidanceView")
        self._formulary = formulary
        layout = QVBoxLayout(self)
        self.label = QLabel(self)
        self.label.setObjectName("guidanceText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.label)
        self.show_drug(None)

    def set_formulary(self, formulary: Formulary) -> None:
        """The formulary has been loaded (after the window's first paint): show its guidance."""
        self._formulary = formulary
        self.show_drug(None)

    def show_drug(self, drug: Drug | None) -> None:
        if self._formulary is None:
            self.label.setText(self.tr("Loading the guidance…"))
            return
        from html import escape  # imported after the first paint

        guidance = self._formulary.guidance
        parts: list[str] = []
        if drug is not None:
            lines = [escape(text) for text in drug.indications]
            sizes = [escape(size.size) for size in guidance.lesion_size if drug.id in size.drugs]
            if sizes:
                lines.append(escape(self.tr("The reference names it for lesions that are: ")) + ", ".join(sizes))
            parts.append(f"<p><b>{escape(drug.display_name)}</b>: " + "<br>".join(lines) + "</p>")
        parts.append(f"<p><b>{escape(self.tr('Lesion size'))}</b></p><ul>")
        parts += [f"<li>{escape(size.text)}</li>" for size in guidance.lesion_size]
        parts += [f"<li>{escape(text)}</li>" for text in guidance.extent]
        parts.append(f"</ul><p><b>{escape(self.tr('General measures for everyone'))}</b></p><ul>")
        parts += [f"<li>{escape(text)}</li>" for text in guidance.general_measures]
        parts.append(f"</ul><p><b>{escape(self.tr('Non-drug treatments (no dose)'))}</b></p><ul>")
        parts += [f"<li>{escape(procedure.name)}: {escape(procedure.text)}</li>" for procedure in self._formulary.procedures]
        parts.append("</ul>")
        source = self._formulary.sources.get(guidance.source, guidance.source)
        parts.append(f"<p><small>{escape(self.tr('Source:'))} {escape(source)}</small></p>")
        self.label.setText("".join(parts))
