"""The formulary: treatments, regimens, label limits, interactions and guidance.

The data lives in a TOML file under ``resources/`` that a pharmacist can read. It is
validated completely on load: any error refuses the whole file with a message naming the
file, the entry and the field, so nothing is ever computed from a formulary that failed.
The code knows the *kinds* of rule (see :data:`CONDITION_UNITS`); the file holds the numbers.

- :mod:`.model`: what a validated formulary holds (:mod:`.product_model`: its products);
- :mod:`.reader`: the strict reading of a file and of each of its tables;
- :mod:`.validator`: the validation of a whole document, and :func:`load_formulary`;
- :mod:`.site`: a pharmacy's site file laid over the built-in one, :func:`load_site_formulary`.

A refused file is logged (``logging``, with the error underneath it) as well as raised.
"""

from cc_dosecalc.formulary.model import (
    CONDITION_UNITS,
    LEVELS,
    PLAN_DRUG_KIND,
    Basis,
    BuiltInChecks,
    Check,
    Condition,
    DoseForm,
    DosingWeightRule,
    Drug,
    DuplicateClass,
    Formulary,
    FormularyError,
    FormularyFile,
    FormularyKind,
    Guidance,
    Interaction,
    KidneyFunctionRules,
    LesionGuidance,
    Level,
    OrderRules,
    Period,
    Procedure,
    Regimen,
    SourcedNumber,
    SourcedText,
    WeightForAgeChecks,
    WeightPlausibility,
)
from cc_dosecalc.formulary.product_model import (
    PRODUCT_FORMS,
    Administration,
    InfusionProduct,
    InfusionStep,
    Product,
    ProductForm,
    RiskFactor,
)
from cc_dosecalc.formulary.site import load_site_formulary
from cc_dosecalc.formulary.validator import load_formulary

__all__ = [
    "CONDITION_UNITS",
    "LEVELS",
    "PLAN_DRUG_KIND",
    "PRODUCT_FORMS",
    "Administration",
    "Basis",
    "BuiltInChecks",
    "Check",
    "Condition",
    "DoseForm",
    "DosingWeightRule",
    "Drug",
    "DuplicateClass",
    "Formulary",
    "FormularyError",
    "FormularyFile",
    "FormularyKind",
    "Guidance",
    "InfusionProduct",
    "InfusionStep",
    "Interaction",
    "KidneyFunctionRules",
    "LesionGuidance",
    "Level",
    "OrderRules",
    "Period",
    "Procedure",
    "Product",
    "ProductForm",
    "Regimen",
    "RiskFactor",
    "SourcedNumber",
    "SourcedText",
    "WeightForAgeChecks",
    "WeightPlausibility",
    "load_formulary",
    "load_site_formulary",
]
